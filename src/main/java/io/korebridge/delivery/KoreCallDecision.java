package io.korebridge.delivery;

import io.korebridge.contract.FailureReason;
import io.korebridge.kore.KoreCampaignCreated;
import io.korebridge.kore.KoreRetryPolicy;
import io.korebridge.kore.KoreRetryableException;
import io.korebridge.kore.KoreTokenRejectedException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides what follows a Kore call: created, call again at a time, renew the token, hold through an
 * outage, or fail. The only place that makes that decision; plain Java, no Camel.
 */
public final class KoreCallDecision {

  private final KoreRetryPolicy retries;
  private final Duration holdPause;
  private final Duration giveUpAfter;
  private final Duration rateLimitedPause;

  /**
   * @param holdPause how long a held request waits before it is tried again
   * @param giveUpAfter a request Kore has been unavailable for this long fails
   * @param rateLimitedPause how long a 429 without {@code Retry-After} pauses the account
   */
  public KoreCallDecision(
      KoreRetryPolicy retries,
      Duration holdPause,
      Duration giveUpAfter,
      Duration rateLimitedPause) {
    this.retries = retries;
    this.holdPause = holdPause;
    this.giveUpAfter = giveUpAfter;
    this.rateLimitedPause = rateLimitedPause;
  }

  /** What one finished call means; {@code failure} is null when Kore created the campaign. */
  public KoreCallVerdict decide(Call call, KoreCampaignCreated created, Throwable failure) {
    if (failure == null) {
      return new KoreCallVerdict.Created(created);
    }
    if (failure instanceof KoreTokenRejectedException) {
      return call.tokenRenewed()
          ? new KoreCallVerdict.Fail(failure)
          : new KoreCallVerdict.RenewTokenAndCallAgain();
    }
    KoreRetryableException answer =
        failure instanceof KoreRetryableException retryable ? retryable : null;
    boolean unreachable = failure instanceof IOException;
    if (answer == null && !unreachable) {
      return new KoreCallVerdict.Fail(failure);
    }
    // Capped here, once, for the request's own wait and for the account's push-back alike.
    Optional<Duration> retryAfter =
        answer == null ? Optional.empty() : answer.retryAfter().map(retries::capRetryAfter);
    Duration sinceFirstCall = Duration.between(call.firstCallAt(), call.now());
    Optional<Duration> delay = retries.nextDelay(call.attempts(), sinceFirstCall, retryAfter);
    if (delay.isPresent()) {
      boolean rateLimited = answer != null && answer.reason() == FailureReason.RATE_LIMITED;
      return new KoreCallVerdict.CallAgain(
          delay.get(),
          answer != null ? "HTTP_" + answer.httpStatus() : failure.getClass().getSimpleName(),
          rateLimited ? Optional.of(retryAfter.orElse(rateLimitedPause)) : Optional.empty());
    }
    if (isUnavailable(failure) && sinceFirstCall.plus(holdPause).compareTo(giveUpAfter) < 0) {
      return new KoreCallVerdict.Hold(holdPause);
    }
    return new KoreCallVerdict.Fail(failure);
  }

  /**
   * True when a call's verdict shows that the account's Kore answers again: the campaign was
   * created, or the request failed for a reason of its own rather than Kore being unavailable. Such
   * a verdict ends the account's hold.
   */
  public static boolean accountAnswers(KoreCallVerdict verdict) {
    return verdict instanceof KoreCallVerdict.Created
        || (verdict instanceof KoreCallVerdict.Fail fail && !isUnavailable(fail.cause()));
  }

  /**
   * True when a request held (its account unavailable) since {@code heldSince} has waited as long
   * as {@code kore.outage.give-up-after-ms} allows: it fails without another call.
   */
  public boolean heldTooLong(Instant heldSince, Instant now) {
    return Duration.between(heldSince, now).compareTo(giveUpAfter) >= 0;
  }

  private static boolean isUnavailable(Throwable failure) {
    return failure instanceof IOException
        || (failure instanceof KoreRetryableException answer
            && answer.reason() == FailureReason.KORE_UNAVAILABLE);
  }

  /** The request's calls so far, the one just finished included. */
  public record Call(int attempts, Instant firstCallAt, Instant now, boolean tokenRenewed) {}
}
