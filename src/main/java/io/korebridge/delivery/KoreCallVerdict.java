package io.korebridge.delivery;

import io.korebridge.kore.KoreCampaignCreated;
import java.time.Duration;
import java.util.Optional;

/** What happens after one Kore call: the one decision {@link KoreCallDecision} makes. */
public sealed interface KoreCallVerdict {

  /**
   * Kore created the campaign; {@code reconciled} when it was found in Kore's campaign list after
   * the create call's answer was lost.
   */
  record Created(KoreCampaignCreated campaign, boolean reconciled) implements KoreCallVerdict {
    public Created(KoreCampaignCreated campaign) {
      this(campaign, false);
    }
  }

  /**
   * Call again after {@code delay}. {@code accountPause} is set when Kore said the account is over
   * its limit (429): every request of that account waits that long, not only this one.
   */
  record CallAgain(Duration delay, String reason, Optional<Duration> accountPause)
      implements KoreCallVerdict {}

  /** Kore refused the token once: renew it and call again at once. */
  record RenewTokenAndCallAgain() implements KoreCallVerdict {}

  /** Kore is unavailable beyond the in-line retries: hold the request and try again later. */
  record Hold(Duration pause) implements KoreCallVerdict {}

  /** The request gets a FAILED outcome for this cause. */
  record Fail(Throwable cause) implements KoreCallVerdict {}
}
