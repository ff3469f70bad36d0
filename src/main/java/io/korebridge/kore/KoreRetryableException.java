package io.korebridge.kore;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A Kore answer worth trying again: 408, 429 and 5xx gateway errors. */
public class KoreRetryableException extends CampaignFailedException {

  private final transient Duration retryAfter;

  public KoreRetryableException(
      FailureReason reason, String message, int httpStatus, String body, Duration retryAfter) {
    super(reason, message, httpStatus, body, List.of());
    this.retryAfter = retryAfter;
  }

  /** How long Kore asked us to wait, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
