package io.korebridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

/**
 * A Kafka broker that admits only authenticated clients (SASL_PLAINTEXT with SCRAM-SHA-512) and
 * authorizes them by ACL. The bridge's user gets exactly the ACLs of the Strimzi KafkaUser in
 * k8s/base/kafka-user.yaml, so the test also proves those ACLs are enough. TLS is left out: the
 * in-process test kit has no certificates; SASL_SSL differs only in the transport.
 */
public class SaslScramKafkaResource implements QuarkusTestResourceLifecycleManager {

  /** The KafkaUser's name, which Strimzi uses as the SCRAM user name. */
  public static final Path KAFKA_USER = Path.of("k8s", "base", "kafka-user.yaml");

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Broker {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface AdminClient {}

  private EmbeddedKafka broker;
  private KafkaTestClient admin;

  @Override
  public Map<String, String> start() {
    JsonNode kafkaUser = Kustomize.documents(KAFKA_USER).get(0);
    String user = kafkaUser.path("metadata").path("name").asText();
    String password = "scram-" + UUID.randomUUID();
    broker = KafkaBroker.withSaslScram();
    // As Strimzi creates them from k8s/base/kafka-topics.yaml; the bridge user may not.
    broker.createTopics(
        List.of(
            new NewTopic(BridgeTestEnvironment.REQUESTS, 1, (short) 1),
            new NewTopic(BridgeTestEnvironment.RESULTS, 1, (short) 1),
            new NewTopic(BridgeTestEnvironment.DEAD_LETTER, 1, (short) 1)
                .configs(Map.of("max.message.bytes", "3145728")),
            new NewTopic("campaign-idempotency", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", "604800000"))));
    try (Admin kafka = Admin.create(broker.adminClientProperties())) {
      kafka.createAcls(aclsOf(kafkaUser, "User:" + user)).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("could not prepare the SASL broker", e);
    }
    broker.addScramUser(user, password);
    admin = new KafkaTestClient(broker.adminClientProperties());
    return Map.of(
        "kafka.bootstrap-servers",
        broker.bootstrapServers(),
        "kafka.security-protocol",
        "SASL_PLAINTEXT",
        "kafka.sasl.mechanism",
        "SCRAM-SHA-512",
        "kafka.sasl.jaas-config",
        EmbeddedKafka.scramJaasConfig(user, password));
  }

  /** Strimzi's simple-authorization ACL list as Kafka ACL bindings for {@code principal}. */
  public static List<AclBinding> aclsOf(JsonNode kafkaUser, String principal) {
    List<AclBinding> bindings = new ArrayList<>();
    for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
      JsonNode resource = acl.path("resource");
      ResourceType type =
          ResourceType.fromString(resource.path("type").asText().toUpperCase(Locale.ROOT));
      String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
      PatternType pattern =
          PatternType.fromString(
              resource.path("patternType").asText("literal").toUpperCase(Locale.ROOT));
      for (JsonNode operation : acl.path("operations")) {
        bindings.add(
            new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(
                    principal,
                    acl.path("host").asText("*"),
                    AclOperation.fromString(
                        operation
                            .asText()
                            .replaceAll("([a-z])([A-Z])", "$1_$2")
                            .toUpperCase(Locale.ROOT)),
                    AclPermissionType.ALLOW)));
      }
    }
    return bindings;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        broker, new TestInjector.AnnotatedAndMatchesType(Broker.class, EmbeddedKafka.class));
    injector.injectIntoFields(
        admin, new TestInjector.AnnotatedAndMatchesType(AdminClient.class, KafkaTestClient.class));
  }

  /** After the shared environment, so that its Kafka settings win for this profile. */
  @Override
  public int order() {
    return 100;
  }

  @Override
  public void stop() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
