package io.korebridge.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka admin client of a readiness check, created on first use with the Camel Kafka
 * component's address and security settings, so that it asks the cluster the routes use.
 */
final class HealthAdminClient {

  private static final String[] CLIENT_SECURITY_PREFIXES = {"security.", "sasl.", "ssl."};

  private final CamelContext camel;
  private final Duration timeout;
  private final String clientId;
  private Admin admin;

  HealthAdminClient(CamelContext camel, Duration timeout, String clientId) {
    this.camel = camel;
    this.timeout = timeout;
    this.clientId = clientId;
  }

  synchronized Admin get() {
    if (admin == null) {
      admin = Admin.create(properties());
    }
    return admin;
  }

  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }

  /** Admin client settings: the Camel Kafka component's address and security, this timeout. */
  private Properties properties() {
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
}
