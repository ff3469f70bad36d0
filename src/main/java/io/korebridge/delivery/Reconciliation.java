package io.korebridge.delivery;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.kore.KoreCampaignPage;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Decides what one page of Kore's campaign list means for a create call whose fate is unknown: the
 * campaign is there (CREATED, reconciled), read the next page, it is not there (send again), or the
 * list cannot be read (hold; after {@code kore.outage.give-up-after-ms} FAILED {@code
 * KORE_OUTCOME_UNKNOWN}). Plain Java.
 */
public final class Reconciliation {

  private final Duration clockAllowance;
  private final Duration callLasts;
  private final int pageSize;
  private final int maxPages;
  private final Duration holdPause;
  private final Duration giveUpAfter;

  /**
   * @param clockAllowance how far Kore's clock may be from ours: the window starts this long before
   *     the first attempt and ends this long after the last attempt's call could have ended
   * @param callLasts how long a create call may run (connect and response timeouts)
   * @param maxPages pages read per reconciliation at most; beyond them the list counts as unusable
   */
  public Reconciliation(
      Duration clockAllowance,
      Duration callLasts,
      int pageSize,
      int maxPages,
      Duration holdPause,
      Duration giveUpAfter) {
    if (pageSize < 1 || maxPages < 1) {
      throw new IllegalArgumentException("page size and pages must be at least 1");
    }
    this.clockAllowance = clockAllowance;
    this.callLasts = callLasts;
    this.pageSize = pageSize;
    this.maxPages = maxPages;
    this.holdPause = holdPause;
    this.giveUpAfter = giveUpAfter;
  }

  /** The campaign looked for and the request's history so far. */
  public record Search(
      String campaignName,
      List<String> contactLists,
      int attempts,
      Instant firstAttemptAt,
      Instant lastAttemptAt,
      Instant now) {}

  /** The time window the list is asked for. */
  public record Window(Instant from, Instant to) {}

  public sealed interface Verdict {}

  /** Kore holds the campaign: the request is CREATED with this id. */
  public record Found(KoreCampaignPage.Listed campaign) implements Verdict {}

  /** Not on this page, more may follow: ask for the page starting at {@code skip}. */
  public record NextPage(int skip) implements Verdict {}

  /** Not at Kore: sending the create again duplicates nothing. */
  public record SendAgain() implements Verdict {}

  /** The list could not be read: wait {@code pause} (a hold), then ask again. */
  public record Hold(Duration pause, String why) implements Verdict {}

  /** The list stayed unreadable until the give-up time: FAILED with what is known. */
  public record GiveUp(CampaignFailedException cause) implements Verdict {}

  public Window window(Search search) {
    Instant lastCallOver = search.lastAttemptAt().plus(callLasts);
    Instant end = lastCallOver.isBefore(search.now()) ? lastCallOver : search.now();
    return new Window(search.firstAttemptAt().minus(clockAllowance), end.plus(clockAllowance));
  }

  public int pageSize() {
    return pageSize;
  }

  /**
   * @param skip the offset the page was asked with
   * @param page the page, or null when the list call failed with {@code failure}
   */
  public Verdict decide(Search search, int skip, KoreCampaignPage page, Throwable failure) {
    Window window = window(search);
    if (page == null) {
      return unreadable(search, window, "the list call failed: " + describe(failure));
    }
    Optional<KoreCampaignPage.Listed> match =
        page.results().stream()
            .filter(listed -> matches(listed, search, window))
            .min(
                Comparator.comparing(
                    KoreCampaignPage.Listed::createdAt,
                    Comparator.nullsLast(Comparator.naturalOrder())));
    if (match.isPresent()) {
      return new Found(match.get());
    }
    boolean pastWindow =
        page.results().stream()
            .map(KoreCampaignPage.Listed::createdAt)
            .anyMatch(created -> created != null && created.isBefore(window.from()));
    if (!page.hasMore() || pastWindow) {
      return new SendAgain();
    }
    int next = skip + Math.max(page.results().size(), 1);
    if (next / pageSize >= maxPages) {
      return unreadable(
          search,
          window,
          "the window holds more than " + maxPages + " pages of " + pageSize + " campaigns");
    }
    return new NextPage(next);
  }

  private Verdict unreadable(Search search, Window window, String why) {
    Duration waited = Duration.between(search.firstAttemptAt(), search.now());
    if (waited.plus(holdPause).compareTo(giveUpAfter) < 0) {
      return new Hold(holdPause, why);
    }
    return new GiveUp(
        new CampaignFailedException(
            FailureReason.KORE_OUTCOME_UNKNOWN,
            "Kore's answer to the create call was lost and its campaign list could not be"
                + " searched; campaign \""
                + search.campaignName()
                + "\" may exist. attempts="
                + search.attempts()
                + " firstAttemptAt="
                + search.firstAttemptAt()
                + " lastAttemptAt="
                + search.lastAttemptAt()
                + " window="
                + window.from()
                + ".."
                + window.to()
                + " gaveUpAt="
                + search.now()
                + " last problem: "
                + why));
  }

  private static boolean matches(KoreCampaignPage.Listed listed, Search search, Window window) {
    if (listed.name() == null || !listed.name().equals(search.campaignName())) {
      return false;
    }
    if (listed.createdAt() != null
        && (listed.createdAt().isBefore(window.from())
            || listed.createdAt().isAfter(window.to()))) {
      return false;
    }
    // Contact lists narrow the match only when the list returns them.
    return listed.contactLists().isEmpty()
        || search.contactLists().isEmpty()
        || new HashSet<>(listed.contactLists()).equals(new HashSet<>(search.contactLists()));
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return "no answer";
    }
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
