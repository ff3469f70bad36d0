package io.korebridge.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * "About to create {@code campaignName} for (tenant, eventId), attempt {@code attempt}, at {@code
 * at}": recorded in the ledger, acknowledged by Kafka, before each create call. An intent without a
 * result after it means the campaign may exist at Kore.
 *
 * @param attempt the ledger's count of create calls for the request, across owners and restarts
 * @param firstAttemptAt when the request's first create call was about to be sent; the start of the
 *     window a reconciliation searches
 */
public record CallIntent(
    String tenant,
    String eventId,
    String campaignName,
    int attempt,
    Instant firstAttemptAt,
    Instant at) {

  public CallIntent {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(firstAttemptAt, "firstAttemptAt");
    Objects.requireNonNull(at, "at");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
  }
}
