package io.korebridge.outcome;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What became of one campaign request; published to the result or the dead-letter topic. */
public sealed interface CampaignOutcome permits CampaignCreated, CampaignFailed {

  String CREATED = "CREATED";
  String FAILED = "FAILED";

  String eventId();

  String tenant();

  @JsonProperty("outcome")
  String outcome();

  /** When the bridge decided the outcome, ISO-8601 UTC; also the CloudEvent's {@code time}. */
  String processedAt();

  /** The part of the outcome worth a log line; never secrets or contact data; log-safe. */
  @JsonIgnore
  String summary();

  /**
   * The whole log line of this outcome, every event-supplied value passed through {@link
   * SafeText#forLog}: {@code outcome=FAILED eventId=… tenant=… detail=…}. For the route's outcome
   * log.
   */
  @JsonIgnore
  default String logLine() {
    return "outcome="
        + outcome()
        + " eventId="
        + SafeText.forLog(eventId())
        + " tenant="
        + SafeText.forLog(tenant())
        + " detail="
        + summary();
  }
}
