package io.korebridge.kore;

import java.time.Instant;
import java.util.List;

/**
 * One page of Kore's "Get All Campaigns" answer ({@code data.results[]}, {@code data.hasMore}).
 *
 * @param results the campaigns on this page, newest first when asked so
 */
public record KoreCampaignPage(List<Listed> results, boolean hasMore) {

  public KoreCampaignPage {
    results = List.copyOf(results);
  }

  /**
   * A listed campaign. {@code createdAt} is null when Kore gave none or an unreadable one; {@code
   * contactLists} is empty when the list did not say.
   */
  public record Listed(String id, String name, Instant createdAt, List<String> contactLists) {
    public Listed {
      contactLists = contactLists == null ? List.of() : List.copyOf(contactLists);
    }
  }
}
