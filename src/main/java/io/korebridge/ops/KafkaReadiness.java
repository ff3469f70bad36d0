package io.korebridge.ops;

import io.korebridge.config.CampaignConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka cluster answers. The Kafka consumer itself keeps polling quietly while
 * brokers are gone, so this asks the cluster directly, with the same address and security settings
 * the Camel Kafka component uses.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

  static final String NAME = "kafka";
  private final Duration timeout;
  private final HealthAdminClient admin;

  public KafkaReadiness(CamelContext camel, CampaignConfig config) {
    this.timeout = Duration.ofMillis(config.health().kafkaTimeoutMs());
    this.admin = new HealthAdminClient(camel, timeout, "kore-campaign-bridge-health");
  }

  @Override
  public HealthCheckResponse call() {
    try {
      int nodes =
          admin
              .get()
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .size();
      return HealthCheckResponse.named(NAME).up().withData("brokers", nodes).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down(e);
    } catch (Exception e) {
      return down(e);
    }
  }

  private static HealthCheckResponse down(Exception e) {
    return HealthCheckResponse.named(NAME)
        .down()
        .withData("error", e.getClass().getSimpleName())
        .build();
  }

  @PreDestroy
  void close() {
    admin.close();
  }
}
