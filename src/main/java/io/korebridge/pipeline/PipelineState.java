package io.korebridge.pipeline;

import org.apache.camel.Exchange;

/** Names of the exchange properties the pipeline's steps share. */
public final class PipelineState {

  public static final String RECEIVED = "korebridge.received";
  public static final String EVENT_ID = "korebridge.eventId";
  public static final String TENANT = "korebridge.tenant";
  public static final String ATTEMPTS = "korebridge.attempts";
  public static final String FIRST_CALL_AT = "korebridge.firstCallAt";
  public static final String KORE_REQUEST_BODY = "korebridge.koreRequestBody";
  public static final String ALREADY_CREATED = "korebridge.alreadyCreated";
  public static final String HELD_FOR_OUTAGE = "korebridge.heldForOutage";
  public static final String RATE_WAIT_NANOS = "korebridge.rateWaitNanos";
  public static final String TOKEN_RENEWED = "korebridge.tokenRenewed";

  private PipelineState() {}

  public static ReceivedRequest received(Exchange exchange) {
    return exchange.getProperty(RECEIVED, ReceivedRequest.class);
  }

  public static int attempts(Exchange exchange) {
    return exchange.getProperty(ATTEMPTS, 0, Integer.class);
  }
}
