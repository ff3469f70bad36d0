package io.korebridge.ops;

import io.korebridge.config.CampaignConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
  private static final String[] CLIENT_SECURITY_PREFIXES = {"security.", "sasl.", "ssl."};

  private final CamelContext camel;
  private final Duration timeout;
  private Admin admin;

  public KafkaReadiness(CamelContext camel, CampaignConfig config) {
    this.camel = camel;
    this.timeout = Duration.ofMillis(config.health().kafkaTimeoutMs());
  }

  @Override
  public HealthCheckResponse call() {
    try {
      int nodes =
          admin()
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

  private synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(adminProperties());
    }
    return admin;
  }

  private Properties adminProperties() {
    return adminProperties(camel, timeout, "kore-campaign-bridge-health");
  }

  /** Admin client settings: the Camel Kafka component's address and security, this timeout. */
  static Properties adminProperties(CamelContext camel, Duration timeout, String clientId) {
    KafkaConfiguration kafka = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
    Properties props = new Properties();
    for (Map.Entry<Object, Object> entry : kafka.createProducerProperties().entrySet()) {
      String key = entry.getKey().toString();
      for (String prefix : CLIENT_SECURITY_PREFIXES) {
        if (key.startsWith(prefix)) {
          props.put(key, entry.getValue());
        }
      }
    }
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return props;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }
}
