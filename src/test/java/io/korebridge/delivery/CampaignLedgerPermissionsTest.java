package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.korebridge.ops.SaslScramKafkaProfile;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.EmbeddedKafka;
import io.korebridge.testsupport.SaslScramKafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A ledger topic the bridge's Kafka user may not create, describe, read or write: readiness DOWN
 * naming the topic and the missing permission, and find refuses at once. Real broker with
 * SASL/SCRAM and ACL authorization; each test has its own user with only the ACLs it names. It
 * shares SecuredKafkaTest's broker: the broker's JAAS set-up is JVM-wide, so one per JVM.
 */
@QuarkusTest
@TestProfile(SaslScramKafkaProfile.class)
class CampaignLedgerPermissionsTest extends BridgeIntegrationTest {

  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration SETTLED = Duration.ofSeconds(30);

  @SaslScramKafkaResource.Broker EmbeddedKafka broker;
  private final List<CampaignLedger> ledgers = new ArrayList<>();

  @AfterEach
  void closeLedgers() {
    ledgers.forEach(CampaignLedger::close);
  }

  @Test
  void a_missing_topic_the_user_may_not_create_keeps_readiness_down_naming_create_topics() {
    String topic = "ledger-" + UUID.randomUUID();
    String user = userWith(topic, AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);

    CampaignLedger ledger = started(user, topic);

    HealthCheckResponse ready = awaitDown(ledger, "CreateTopics");
    assertThat(message(ready)).contains(topic).contains("is missing and cannot be created");
    assertThatThrownBy(() -> ledger.find("acme", "e-1"))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessageContaining(topic)
        .hasMessageContaining("CreateTopics");
  }

  static Stream<Arguments> missing_permissions() {
    return Stream.of(
        Arguments.of("Describe permission", List.of()),
        Arguments.of("Read permission", List.of(AclOperation.DESCRIBE, AclOperation.WRITE)),
        Arguments.of("Write permission", List.of(AclOperation.DESCRIBE, AclOperation.READ)));
  }

  @ParameterizedTest(name = "{0} missing")
  @MethodSource("missing_permissions")
  void a_topic_the_user_may_not_describe_read_or_write_keeps_readiness_down_naming_the_permission(
      String naming, List<AclOperation> granted) throws Exception {
    String topic = existingTopic();
    String user = userWith(topic, granted.toArray(AclOperation[]::new));

    HealthCheckResponse ready = awaitDown(started(user, topic), naming);

    assertThat(message(ready)).contains(topic);
  }

  @Test
  void readiness_comes_up_once_the_missing_permission_is_granted() throws Exception {
    String topic = existingTopic();
    String user = userWith(topic, AclOperation.DESCRIBE, AclOperation.READ);
    CampaignLedger ledger = started(user, topic);
    awaitDown(ledger, "Write permission");

    grant(user, topic, AclOperation.WRITE);

    await()
        .atMost(SETTLED)
        .until(() -> readiness(ledger).getStatus() == HealthCheckResponse.Status.UP);
    assertThat(ledger.find("acme", "e-1")).isEmpty();
  }

  @Test
  void with_every_permission_of_the_kafka_user_manifest_the_ledger_is_ready() throws Exception {
    String topic = existingTopic();
    String user = userWith(topic, AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);

    CampaignLedger ledger = started(user, topic);

    await()
        .atMost(SETTLED)
        .until(() -> readiness(ledger).getStatus() == HealthCheckResponse.Status.UP);
  }

  private HealthCheckResponse awaitDown(CampaignLedger ledger, String naming) {
    await().atMost(SETTLED).until(() -> message(readiness(ledger)).contains(naming));
    HealthCheckResponse ready = readiness(ledger);
    assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(ready.getName()).isEqualTo(CampaignLedgerReadiness.NAME);
    return ready;
  }

  private static HealthCheckResponse readiness(CampaignLedger ledger) {
    return new CampaignLedgerReadiness(ledger).call();
  }

  private static String message(HealthCheckResponse response) {
    return response.getData().map(data -> String.valueOf(data.get("message"))).orElse("");
  }

  private CampaignLedger started(String user, String topic) {
    CampaignLedger ledger =
        new CampaignLedger(
            () -> clientProperties(user), topic, RETENTION, 1000, Duration.ZERO, Clock.systemUTC());
    ledgers.add(ledger);
    ledger.start();
    return ledger;
  }

  private String existingTopic() throws Exception {
    String topic = "ledger-" + UUID.randomUUID();
    broker.createTopics(1, Map.of(), topic);
    return topic;
  }

  /** A SCRAM user allowed exactly {@code operations} on {@code topic}, nothing else. */
  private String userWith(String topic, AclOperation... operations) {
    String user = "user-" + UUID.randomUUID();
    broker.addScramUser(user, password(user));
    for (AclOperation operation : operations) {
      grant(user, topic, operation);
    }
    return user;
  }

  private void grant(String user, String topic, AclOperation operation) {
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      admin
          .createAcls(
              List.of(
                  new AclBinding(
                      new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                      new AccessControlEntry(
                          "User:" + user, "*", operation, AclPermissionType.ALLOW))))
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("could not grant " + operation + " to " + user, e);
    }
  }

  private Properties clientProperties(String user) {
    Properties props = new Properties();
    props.putAll(broker.scramClientProperties(user, password(user)));
    return props;
  }

  private static String password(String user) {
    return "secret-" + user;
  }
}
