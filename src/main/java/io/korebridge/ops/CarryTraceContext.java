package io.korebridge.ops;

import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Puts the request record's W3C trace context ({@code traceparent}, {@code tracestate}) back on the
 * message, for the Kore call and the outcome record. With tracing on, Camel's tracer then replaces
 * it with the bridge's own child span; with tracing off, the CRM's context passes through as is.
 */
@ApplicationScoped
@Named("carryTraceContext")
public class CarryTraceContext implements Processor {

  public static final List<String> HEADERS = ReceivedRequest.TRACE_HEADERS;

  @Override
  public void process(Exchange exchange) {
    ReceivedRequest received = CampaignDelivery.of(exchange).received();
    if (received.headers() == null) {
      return;
    }
    // Only a valid traceparent, and a bounded tracestate with it, is forwarded (W3cTraceContext).
    W3cTraceContext.forwardable(received.headers()).forEach(exchange.getMessage()::setHeader);
  }
}
