package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.contract.FailureReason;
import io.korebridge.kore.KoreCampaignPage;
import io.korebridge.kore.KoreCampaignPage.Listed;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

  private static final Instant FIRST = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration ALLOWANCE = Duration.ofMinutes(2);
  private static final Duration CALL_LASTS = Duration.ofSeconds(20);
  private static final Duration HOLD = Duration.ofSeconds(30);
  private static final Duration GIVE_UP = Duration.ofMinutes(15);

  private final Reconciliation reconciliation =
      new Reconciliation(ALLOWANCE, CALL_LASTS, 50, 3, HOLD, GIVE_UP);

  private static Reconciliation.Search search(Instant now) {
    return new Reconciliation.Search(
        "Spring sale", List.of("CL A", "CL B"), 2, FIRST, FIRST.plusSeconds(20), now);
  }

  private static Listed listed(String id, String name, Instant createdAt, List<String> lists) {
    return new Listed(id, name, createdAt, lists);
  }

  @Test
  void the_campaign_with_the_exact_name_and_contact_lists_in_the_window_is_found() {
    KoreCampaignPage page =
        new KoreCampaignPage(
            List.of(
                listed("cd-other", "Spring sale 2", FIRST.plusSeconds(3), List.of("CL A", "CL B")),
                listed("cd-lists", "Spring sale", FIRST.plusSeconds(2), List.of("CL C")),
                listed("cd-ours", "Spring sale", FIRST.plusSeconds(1), List.of("CL B", "CL A"))),
            false);
    assertThat(reconciliation.decide(search(FIRST.plusSeconds(60)), 0, page, null))
        .isEqualTo(new Reconciliation.Found(page.results().get(2)));
  }

  @Test
  void a_same_named_campaign_from_before_the_window_is_not_ours() {
    KoreCampaignPage page =
        new KoreCampaignPage(
            List.of(listed("cd-old", "Spring sale", FIRST.minus(Duration.ofHours(1)), null)), true);
    assertThat(reconciliation.decide(search(FIRST.plusSeconds(60)), 0, page, null))
        .as("sorted newest first: past the window start nothing older can match")
        .isEqualTo(new Reconciliation.SendAgain());
  }

  @Test
  void a_name_only_list_matches_by_name_and_an_empty_last_page_means_send_again() {
    KoreCampaignPage named =
        new KoreCampaignPage(
            List.of(listed("cd-1", "Spring sale", FIRST.minusSeconds(30), null)), false);
    assertThat(reconciliation.decide(search(FIRST.plusSeconds(60)), 0, named, null))
        .as("within the clock allowance")
        .isInstanceOf(Reconciliation.Found.class);
    assertThat(
            reconciliation.decide(
                search(FIRST.plusSeconds(60)), 0, new KoreCampaignPage(List.of(), false), null))
        .isEqualTo(new Reconciliation.SendAgain());
  }

  @Test
  void more_pages_are_read_up_to_the_bound_then_the_list_counts_as_unusable() {
    List<Listed> fifty =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> listed("cd-" + i, "other " + i, FIRST.plusSeconds(50 - i), null))
            .toList();
    KoreCampaignPage full = new KoreCampaignPage(fifty, true);
    Reconciliation.Search search = search(FIRST.plusSeconds(60));
    assertThat(reconciliation.decide(search, 0, full, null))
        .isEqualTo(new Reconciliation.NextPage(50));
    assertThat(reconciliation.decide(search, 50, full, null))
        .isEqualTo(new Reconciliation.NextPage(100));
    assertThat(reconciliation.decide(search, 100, full, null))
        .isInstanceOf(Reconciliation.Hold.class);
  }

  @Test
  void an_unreachable_list_holds_then_fails_outcome_unknown_saying_what_is_known() {
    ConnectException down = new ConnectException("Connection refused");
    Reconciliation.Verdict early =
        reconciliation.decide(search(FIRST.plus(Duration.ofMinutes(5))), 0, null, down);
    assertThat(early).isInstanceOf(Reconciliation.Hold.class);
    assertThat(((Reconciliation.Hold) early).pause()).isEqualTo(HOLD);

    Reconciliation.Verdict late =
        reconciliation.decide(search(FIRST.plus(Duration.ofMinutes(15))), 0, null, down);
    assertThat(late).isInstanceOf(Reconciliation.GiveUp.class);
    Reconciliation.GiveUp giveUp = (Reconciliation.GiveUp) late;
    assertThat(giveUp.cause().reason()).isEqualTo(FailureReason.KORE_OUTCOME_UNKNOWN);
    assertThat(giveUp.cause().getMessage())
        .contains("attempts=2")
        .contains("firstAttemptAt=2026-01-05T10:00:00Z")
        .contains("window=2026-01-05T09:58:00Z..2026-01-05T10:02:40Z")
        .contains("Connection refused");
  }

  @Test
  void the_window_runs_from_the_first_attempt_to_the_end_of_the_last_call_plus_the_allowance() {
    // The last attempt was at FIRST + 20 s; its call could have run until FIRST + 40 s.
    assertThat(reconciliation.window(search(FIRST.plusSeconds(30))))
        .as("asked while the last call could still be running")
        .isEqualTo(
            new Reconciliation.Window(
                FIRST.minus(ALLOWANCE), FIRST.plusSeconds(30).plus(ALLOWANCE)));
    assertThat(reconciliation.window(search(FIRST.plus(Duration.ofHours(1)))))
        .as("asked long after")
        .isEqualTo(
            new Reconciliation.Window(
                FIRST.minus(ALLOWANCE), FIRST.plusSeconds(40).plus(ALLOWANCE)));
  }
}
