package io.korebridge.contract;

/** Why a request ended on the dead-letter topic; operators filter and alert on these codes. */
public enum FailureReason {
  /** The Kafka value is not a JSON object (or not UTF-8, or too large). */
  MALFORMED_EVENT,
  /** The event is JSON but breaks the event contract. */
  INVALID_EVENT,
  /** The event names a tenant the bridge has no Kore credentials for. */
  UNKNOWN_TENANT,
  /**
   * The event's tenant does not accept events from the topic it came on, or it names no tenant
   * where one is required ({@code kore.require-tenant}).
   */
  TENANT_NOT_ALLOWED,
  /** Kore refused the request, or answered 2xx without {@code status: "success"}. */
  KORE_REJECTED,
  /** Kore refused our token even after a renewal. */
  KORE_AUTH_FAILED,
  /** Kore could not be reached or kept failing with retryable errors. */
  KORE_UNAVAILABLE,
  /** Kore kept answering 429 until the retry budget ran out. */
  RATE_LIMITED,
  /** A defect in the bridge itself; the error text says what happened. */
  INTERNAL_ERROR,
  /**
   * The request's own outcome could not be published (Kafka rejected it as too large, or it could
   * not be serialized); this minimal outcome names the request's location instead.
   */
  OUTCOME_TOO_LARGE
}
