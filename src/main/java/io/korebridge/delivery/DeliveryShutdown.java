package io.korebridge.delivery;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Tells the delivery engine the moment Camel starts stopping, before any route stops: from then on
 * nothing new starts (waiting requests are dropped, never called) while running calls drain.
 */
// Unremovable: nothing injects it; Camel finds it in the registry by type.
@Unremovable
@ApplicationScoped
public class DeliveryShutdown extends EventNotifierSupport {

  private final DeliveryEngine engine;

  public DeliveryShutdown(DeliveryEngine engine) {
    this.engine = engine;
    setIgnoreExchangeEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreStepEvents(true);
  }

  @Override
  public boolean isEnabled(CamelEvent event) {
    return event instanceof CamelContextStoppingEvent;
  }

  @Override
  public void notify(CamelEvent event) {
    engine.stopTakingRequests();
  }
}
