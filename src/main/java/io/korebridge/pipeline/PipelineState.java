package io.korebridge.pipeline;

import org.apache.camel.Exchange;

/** Names of the exchange properties the pipeline's steps share. */
public final class PipelineState {

  public static final String RECEIVED = "korebridge.received";
  public static final String EVENT_ID = "korebridge.eventId";
  public static final String TENANT = "korebridge.tenant";
  public static final String ATTEMPTS = "korebridge.attempts";

  /** The Kore request body, kept so that a retried call sends exactly the same bytes. */
  public static final String KORE_REQUEST = "korebridge.koreRequest";

  private PipelineState() {}

  public static ReceivedRequest received(Exchange exchange) {
    return exchange.getProperty(RECEIVED, ReceivedRequest.class);
  }

  public static int attempts(Exchange exchange) {
    return exchange.getProperty(ATTEMPTS, 0, Integer.class);
  }
}
