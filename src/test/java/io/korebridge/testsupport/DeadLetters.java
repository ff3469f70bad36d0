package io.korebridge.testsupport;

import io.korebridge.outcome.CampaignFailed;
import io.korebridge.outcome.OriginalRecord;
import io.korebridge.outcome.Outcomes;
import java.time.Clock;
import java.util.Map;

/** Dead letters as the service writes them, for the replay tests to read back. */
public final class DeadLetters {

  private static final int MAX_EVENT_BYTES = 1024 * 1024;
  private static final long MAX_OUTCOME_BYTES = 3L * 1024 * 1024;

  private DeadLetters() {}

  /** The FAILED outcome of a request with this value at this location (no key, no headers). */
  public static CampaignFailed failed(
      Clock clock,
      String eventId,
      String tenant,
      Throwable cause,
      int attempts,
      byte[] value,
      String location) {
    return new Outcomes(clock, MAX_EVENT_BYTES, MAX_OUTCOME_BYTES)
        .failed(
            eventId, tenant, cause, attempts, new OriginalRecord(location, null, value, Map.of()));
  }
}
