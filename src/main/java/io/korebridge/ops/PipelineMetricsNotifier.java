package io.korebridge.ops;

import io.korebridge.receive.CampaignDelivery;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts consumed requests and times Kore calls from Camel's exchange events, so the routes need no
 * metric steps and every attempt of a repeated Kore call is timed on its own.
 */
// Unremovable: nothing injects it; Camel finds it in the registry by type.
@Unremovable
@ApplicationScoped
public class PipelineMetricsNotifier extends EventNotifierSupport implements CamelContextAware {

  static final String CONSUMER_ROUTE = "consume-campaign-requests";
  static final String KORE_ENDPOINT = "{{kore.base-url}}";

  private final BridgeMetrics metrics;
  private CamelContext camelContext;
  private String koreBaseUri;

  public PipelineMetricsNotifier(BridgeMetrics metrics) {
    this.metrics = metrics;
    setIgnoreCamelContextEvents(true);
    setIgnoreCamelContextInitEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreStepEvents(true);
    setIgnoreExchangeCompletedEvent(true);
    setIgnoreExchangeFailedEvents(true);
    setIgnoreExchangeRedeliveryEvents(true);
    setIgnoreExchangeAsyncProcessingStartedEvents(true);
  }

  @Override
  public void setCamelContext(CamelContext camelContext) {
    this.camelContext = camelContext;
  }

  @Override
  public CamelContext getCamelContext() {
    return camelContext;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    koreBaseUri = withoutTrailingSlash(camelContext.resolvePropertyPlaceholders(KORE_ENDPOINT));
  }

  @Override
  public void notify(CamelEvent event) {
    if (event instanceof ExchangeCreatedEvent created) {
      if (CONSUMER_ROUTE.equals(created.getExchange().getFromRouteId())) {
        metrics.eventConsumed();
      }
    } else if (event instanceof ExchangeSendingEvent sending) {
      if (isKore(sending.getEndpoint())) {
        metrics.koreCallStarted();
      }
    } else if (event instanceof ExchangeSentEvent sent && isKore(sent.getEndpoint())) {
      Exchange exchange = sent.getExchange();
      int status =
          exchange.getException() == null
              ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class)
              : 0;
      metrics.koreCallFinished(
          CampaignDelivery.of(exchange).tenant(), status, Duration.ofMillis(sent.getTimeTaken()));
    }
  }

  private boolean isKore(Endpoint endpoint) {
    // The call-kore step's endpoint: the Kore base URL, whatever options the route gives it.
    return endpoint != null
        && withoutTrailingSlash(endpoint.getEndpointBaseUri()).equalsIgnoreCase(koreBaseUri);
  }

  private static String withoutTrailingSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
