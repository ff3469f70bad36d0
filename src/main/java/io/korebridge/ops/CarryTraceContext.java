package io.korebridge.ops;

import io.korebridge.pipeline.CampaignDelivery;
import io.korebridge.pipeline.ReceivedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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

  public static final List<String> HEADERS = List.of("traceparent", "tracestate");

  @Override
  public void process(Exchange exchange) {
    ReceivedRequest received = CampaignDelivery.of(exchange).received();
    if (received.headers() == null) {
      return;
    }
    for (Map.Entry<String, byte[]> header : received.headers().entrySet()) {
      for (String name : HEADERS) {
        if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
          exchange
              .getMessage()
              .setHeader(name, new String(header.getValue(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
