package io.korebridge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.replay.ReplayDeadLettersTest.Run;
import io.korebridge.testsupport.DeadLetters;
import io.korebridge.testsupport.EmbeddedKafka;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replay against a broker that admits only SASL/SCRAM clients: the credentials come from the
 * service's environment variables or a Kafka properties file, never from the command line.
 */
class ReplayKafkaSecurityTest {

  private static final String USER = "replay-operator";
  private static final String PASSWORD = "scram-" + UUID.randomUUID();

  private static EmbeddedKafka broker;
  private static KafkaTestClient kafka;

  private String deadLetterTopic;
  private String requestsTopic;

  @BeforeAll
  static void startSecuredKafka() throws Exception {
    broker = KafkaBroker.withSaslScram();
    broker.addScramUser(USER, PASSWORD);
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      String principal = "User:" + USER;
      admin
          .createAcls(
              List.of(
                  new AclBinding(
                      new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
                      new AccessControlEntry(
                          principal, "*", AclOperation.ALL, AclPermissionType.ALLOW)),
                  new AclBinding(
                      new ResourcePattern(
                          ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                      new AccessControlEntry(
                          principal, "*", AclOperation.IDEMPOTENT_WRITE, AclPermissionType.ALLOW))))
          .all()
          .get();
    }
    kafka = new KafkaTestClient(broker.adminClientProperties());
  }

  @AfterAll
  static void stopSecuredKafka() {
    kafka.close();
    broker.close();
  }

  @BeforeEach
  void aDeadLetterOnFreshTopics() throws Exception {
    String suffix = UUID.randomUUID().toString();
    deadLetterTopic = "dead-letter-" + suffix;
    requestsTopic = "requests-" + suffix;
    broker.createTopics(
        List.of(
            new NewTopic(deadLetterTopic, 1, (short) 1),
            new NewTopic(requestsTopic, 1, (short) 1)));
    byte[] request = "{\"eventId\": \"e-secured\"}".getBytes(StandardCharsets.UTF_8);
    kafka.send(
        deadLetterTopic,
        "crm-1",
        new ObjectMapper()
            .writeValueAsBytes(
                DeadLetters.failed(
                    Clock.systemUTC(),
                    "e-secured",
                    "default",
                    new CampaignFailedException(FailureReason.KORE_UNAVAILABLE, "down"),
                    1,
                    request,
                    requestsTopic + "-0@0")));
  }

  @Test
  void takes_sasl_credentials_from_the_services_environment_variables() {
    // No KAFKA_SASL_MECHANISM: the service's default, SCRAM-SHA-512, applies as in the service.
    Run run =
        ReplayDeadLettersTest.run(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                broker.bootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "KAFKA_SASL_JAAS_CONFIG",
                jaas(PASSWORD),
                "CAMPAIGN_TOPICS_DEAD_LETTER",
                deadLetterTopic,
                "CAMPAIGN_TOPICS_REQUESTS",
                requestsTopic),
            "--event-id=e-secured");

    assertThat(run.exitCode()).as(run.errors()).isZero();
    assertThat(kafka.readToEnd(requestsTopic)).hasSize(1);
    assertThat(run.output() + run.errors()).doesNotContain(PASSWORD);
  }

  @Test
  void takes_sasl_credentials_from_a_kafka_properties_file() throws Exception {
    Path config = Files.createTempFile("replay-sasl", ".properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=" + jaas(PASSWORD)));

    Run run =
        ReplayDeadLettersTest.run(
            Map.of(),
            "--kafka-config=" + config,
            "--bootstrap-servers=" + broker.bootstrapServers(),
            "--dead-letter-topic=" + deadLetterTopic,
            "--requests-topic=" + requestsTopic,
            "--event-id=e-secured");

    assertThat(run.exitCode()).as(run.errors()).isZero();
    assertThat(kafka.readToEnd(requestsTopic)).hasSize(1);
    assertThat(run.output() + run.errors()).doesNotContain(PASSWORD);
  }

  @Test
  void a_refused_login_fails_the_run_without_printing_the_password() {
    String wrong = "wrong-" + UUID.randomUUID();

    Run run =
        ReplayDeadLettersTest.run(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_JAAS_CONFIG", jaas(wrong)),
            "--dead-letter-topic=" + deadLetterTopic,
            "--requests-topic=" + requestsTopic,
            "--all");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errors()).contains("replay failed");
    assertThat(run.output() + run.errors()).doesNotContain(wrong);
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
  }

  private static String jaas(String password) {
    return EmbeddedKafka.scramJaasConfig(USER, password);
  }
}
