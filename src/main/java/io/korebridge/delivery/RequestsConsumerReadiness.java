package io.korebridge.delivery;

import io.korebridge.config.CampaignConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the requests consumer's owner loop runs and turns: DOWN before it starts, after it
 * stopped or failed, and when it has not turned for longer than a session timeout (a stuck step on
 * the owner thread). Reports the partitions it owns and whether it paused them at the pending mark.
 */
@Readiness
@ApplicationScoped
public class RequestsConsumerReadiness implements HealthCheck {

  public static final String NAME = "requests-consumer";

  private final DeliveryEngine engine;
  private final long stuckAfterMs;

  public RequestsConsumerReadiness(DeliveryEngine engine, CampaignConfig config) {
    this.engine = engine;
    this.stuckAfterMs = config.consumer().sessionTimeoutMs();
  }

  @Override
  public HealthCheckResponse call() {
    DeliveryLoop loop = engine.loop();
    if (loop == null) {
      return HealthCheckResponse.named(NAME).down().withData("phase", "NOT_STARTED").build();
    }
    DeliveryLoop.Phase phase = loop.phase();
    long lastTurnAgoMs = loop.lastTurnAgoMs();
    boolean turning = phase == DeliveryLoop.Phase.RUNNING && lastTurnAgoMs <= stuckAfterMs;
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .status(turning)
            .withData("phase", phase.name())
            .withData("lastTurnAgoMs", lastTurnAgoMs)
            .withData("assignedPartitions", loop.assignedPartitions())
            .withData("pausedAtPendingMark", loop.pausedByEngine());
    if (loop.failure() != null) {
      response.withData("error", loop.failure());
    }
    return response.build();
  }
}
