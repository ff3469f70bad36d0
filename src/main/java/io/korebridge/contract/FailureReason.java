package io.korebridge.contract;

import java.io.IOException;
import java.util.Set;

/**
 * Why a request ended on the dead-letter topic; operators filter and alert on these codes.
 *
 * <p>The one place that gives a failure its reason: {@link #of} for whatever ends a request, {@link
 * #ofKoreAnswer} for Kore's answers. The bridge's own checks name theirs when they throw: {@code
 * UNKNOWN_TENANT} (KoreTenants), {@code TENANT_NOT_ALLOWED} (TenantTopicBindings), {@code
 * OUTCOME_TOO_LARGE} (Outcomes, when Kafka refuses an outcome).
 */
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
  /**
   * A create call's answer was lost (timeout, reset, 5xx) and Kore's campaign list could not tell
   * whether the campaign exists before the give-up time; the error says what is known.
   */
  KORE_OUTCOME_UNKNOWN,
  /** Kore kept answering 429 until the retry budget ran out. */
  RATE_LIMITED,
  /** A defect in the bridge itself; the error text says what happened. */
  INTERNAL_ERROR,
  /**
   * The request's own outcome could not be published (Kafka rejected it as too large, or it could
   * not be serialized); this minimal outcome names the request's location instead.
   */
  OUTCOME_TOO_LARGE;

  /** Answers Kore gives while overloaded or briefly unavailable; anything else 4xx is final. */
  private static final Set<Integer> KORE_RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  private static final int KORE_TOKEN_REFUSED = 401;
  private static final int KORE_TOO_MANY_REQUESTS = 429;

  /**
   * The reason of a failure that ends a request: a {@link CampaignFailedException} carries its own;
   * an unreadable event is {@code MALFORMED_EVENT}, a contract breach {@code INVALID_EVENT}, Kore
   * out of reach {@code KORE_UNAVAILABLE}, anything else {@code INTERNAL_ERROR}.
   */
  public static FailureReason of(Throwable failure) {
    if (failure instanceof CampaignFailedException classified) {
      return classified.reason();
    }
    if (failure instanceof MalformedEventException) {
      return MALFORMED_EVENT;
    }
    if (failure instanceof InvalidEventException) {
      return INVALID_EVENT;
    }
    if (failure instanceof IOException) {
      return KORE_UNAVAILABLE;
    }
    return INTERNAL_ERROR;
  }

  /**
   * The reason of a Kore answer that did not create a campaign, by its HTTP status: 401 {@code
   * KORE_AUTH_FAILED}, 429 {@code RATE_LIMITED}, 408 and 5xx gateway errors {@code
   * KORE_UNAVAILABLE}, anything else (a 2xx without success included) {@code KORE_REJECTED}.
   */
  public static FailureReason ofKoreAnswer(int status) {
    if (status == KORE_TOKEN_REFUSED) {
      return KORE_AUTH_FAILED;
    }
    if (status == KORE_TOO_MANY_REQUESTS) {
      return RATE_LIMITED;
    }
    return KORE_RETRYABLE_STATUSES.contains(status) ? KORE_UNAVAILABLE : KORE_REJECTED;
  }
}
