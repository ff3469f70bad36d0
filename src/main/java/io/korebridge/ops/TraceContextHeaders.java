package io.korebridge.ops;

import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/**
 * The request record's W3C trace context ({@code traceparent}, {@code tracestate}) as headers of
 * the Kore call and the outcome record. With tracing on, Camel's tracer then replaces it with the
 * bridge's own child span; with tracing off, the CRM's context passes through as is.
 */
@ApplicationScoped
@Named("traceContextHeaders")
public class TraceContextHeaders {

  /** The route step: puts the record's trace context back on the message. */
  public void carry(
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery,
      @Headers Map<String, Object> headers) {
    // Only a valid traceparent, and a bounded tracestate with it, is forwarded (W3cTraceContext).
    headers.putAll(W3cTraceContext.forwardable(delivery.received().headers()));
  }
}
