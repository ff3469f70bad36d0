package io.korebridge.testsupport;

import java.util.List;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka broker running inside this JVM, from Apache Kafka's own jars;
 * plain or with SASL. Get one through {@link KafkaBroker#start} or {@link
 * KafkaBroker#withSaslScram}.
 */
public final class EmbeddedKafka implements KafkaBroker {

  /**
   * The broker's SASL/PLAIN super-user, which the test kit configures; tests administer with it.
   */
  public static final String ADMIN_USER = "plain-admin";

  private static final String ADMIN_PASSWORD = "plain-admin-secret";
  private static final String SASL_MECHANISMS = "PLAIN,SCRAM-SHA-512";

  private final KafkaClusterTestKit cluster;
  private final boolean sasl;
  // Known once started; the address stays the same while the broker is stopped and restarted.
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaClusterTestKit cluster, boolean sasl) {
    this.cluster = cluster;
    this.sasl = sasl;
    this.bootstrapServers = cluster.bootstrapServers();
  }

  static EmbeddedKafka start(boolean sasl) {
    try {
      TestKitNodes.Builder nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBootstrapMetadataVersion(MetadataVersion.latestProduction());
      if (sasl) {
        nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
      }
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
      singleNodeSettings().forEach(builder::setConfigProp);
      if (sasl) {
        builder.setConfigProp("sasl.enabled.mechanisms", SASL_MECHANISMS);
        // The broker reaches its (in-process) controller over the PLAINTEXT controller listener,
        // as ANONYMOUS; clients can only use the SASL listener.
        builder.setConfigProp("super.users", "User:" + ADMIN_USER + ";User:ANONYMOUS");
        builder.setConfigProp(
            "listener.name.external.scram-sha-512.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      }
      KafkaClusterTestKit cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster, sasl);
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka broker did not start", e);
    }
  }

  /** Client properties of the broker's super-user (for a SASL broker) or of anyone (otherwise). */
  @Override
  public Map<String, Object> adminClientProperties() {
    Map<String, Object> props = KafkaBroker.super.adminClientProperties();
    if (sasl) {
      props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
      props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
      props.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + ADMIN_USER
              + "\" password=\""
              + ADMIN_PASSWORD
              + "\";");
    }
    return props;
  }

  /** The JAAS line of a SCRAM client that logs in as {@code user}. */
  public static String scramJaasConfig(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  /** Client properties of a SCRAM-SHA-512 user of this (SASL) broker. */
  public Map<String, Object> scramClientProperties(String user, String password) {
    Map<String, Object> props = KafkaBroker.super.adminClientProperties();
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
    props.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(user, password));
    return props;
  }

  /** Creates (or replaces) a SCRAM-SHA-512 user and waits until the broker knows it. */
  public void addScramUser(String user, String password) {
    try (Admin admin = Admin.create(adminClientProperties())) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all()
          .get();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (admin.describeUserScramCredentials(List.of(user)).all().get().isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not create SCRAM user " + user, e);
    }
  }

  /**
   * Shuts the broker down (clients lose it); {@link #startBroker} brings it back on the same port.
   */
  public void stopBroker() {
    for (BrokerServer broker : cluster.brokers().values()) {
      broker.shutdown();
      broker.awaitShutdown();
    }
  }

  public void startBroker() {
    try {
      for (BrokerServer broker : cluster.brokers().values()) {
        broker.startup();
      }
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka broker did not restart", e);
    }
  }

  private static Map<String, Object> singleNodeSettings() {
    return Map.of(
        "offsets.topic.replication.factor", "1",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "group.initial.rebalance.delay.ms", "0",
        "auto.create.topics.enable", "true",
        "num.partitions", "1");
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka broker did not stop cleanly", e);
    }
  }
}
