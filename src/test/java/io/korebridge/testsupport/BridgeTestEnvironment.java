package io.korebridge.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Starts a real Kafka broker and the Kore simulator for a {@code @QuarkusTest} and points the
 * bridge at them. Tests get both through {@link Simulator} and {@link Kafka} fields.
 */
public class BridgeTestEnvironment implements QuarkusTestResourceLifecycleManager {

  public static final String REQUESTS = "campaign-requests";
  public static final String RESULTS = "campaign-results";
  public static final String DEAD_LETTER = "campaign-dead-letter";

  /** Room for oversized requests and their dead letters, as the k8s topics are configured. */
  static final String MAX_MESSAGE_BYTES = Integer.toString(4 * 1024 * 1024);

  /** A tenant on {@link KoreSimulator#SECOND_ACCOUNT}, with that app's own credentials. */
  public static final String SECOND_TENANT = "second";

  /** A tenant on the default account whose client secret is not the app's: Kore refuses it. */
  public static final String WRONG_SECRET_TENANT = "wrong-secret";

  public static final String WRONG_SECRET = "not-the-app-secret-but-long-enough-0123456789";

  /** A tenant on the default account that has only a pre-issued token ({@code jwt}). */
  public static final String PRE_ISSUED_TENANT = "pre-issued";

  /** A config profile: test profiles that add it call Kore over HTTPS, trusting the simulator. */
  public static final String HTTPS_PROFILE = "kore-https";

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Simulator {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Kafka {}

  private KafkaBroker broker;
  private KoreSimulator simulator;
  private KafkaTestClient client;

  @Override
  public Map<String, String> start() {
    broker = KafkaBroker.start();
    createTopics(broker.bootstrapServers(), REQUESTS, RESULTS, DEAD_LETTER);
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    simulator = KoreSimulator.startWithTls(certificate);
    client = new KafkaTestClient(broker.bootstrapServers());
    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap-servers", broker.bootstrapServers());
    config.put("kore.base-url", simulator.baseUrl());
    config.put("kore.stream-id", KoreSimulator.STREAM_ID);
    config.put("kore.account-id", KoreSimulator.ACCOUNT_ID);
    config.put("kore.iid", KoreSimulator.IID);
    config.put("kore.client-id", KoreSimulator.CLIENT_ID);
    config.put("kore.client-secret", KoreSimulator.CLIENT_SECRET);
    // The simulator does not rate-limit; RateBudgetTest switches the budget on where it matters.
    config.put("kore.rate-limit.per-minute", "0");
    tenant(config, SECOND_TENANT, KoreSimulator.SECOND_ACCOUNT, null);
    tenant(config, WRONG_SECRET_TENANT, KoreSimulator.DEFAULT_ACCOUNT, WRONG_SECRET);
    String preIssued = "kore.tenants.\"" + PRE_ISSUED_TENANT + "\".";
    config.put(preIssued + "jwt", KoreSimulator.JWT);
    config.put("kore.tls.trust-store-path", certificate.trustStore().toString());
    config.put("kore.tls.trust-store-password", certificate.password());
    config.put("%" + HTTPS_PROFILE + ".kore.base-url", simulator.httpsBaseUrl());
    return config;
  }

  private static void tenant(
      Map<String, String> config, String name, KoreSimulator.Account account, String secret) {
    String prefix = "kore.tenants.\"" + name + "\".";
    config.put(prefix + "stream-id", account.streamId());
    config.put(prefix + "account-id", account.accountId());
    config.put(prefix + "iid", account.iid());
    config.put(prefix + "client-id", account.clientId());
    config.put(prefix + "client-secret", secret == null ? account.clientSecret() : secret);
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        simulator, new TestInjector.AnnotatedAndMatchesType(Simulator.class, KoreSimulator.class));
    injector.injectIntoFields(
        client, new TestInjector.AnnotatedAndMatchesType(Kafka.class, KafkaTestClient.class));
  }

  @Override
  public void stop() {
    if (client != null) {
      client.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  public static void createTopics(String bootstrapServers, String... topics) {
    createTopics(bootstrapServers, 1, topics);
  }

  /** Creates {@code topics} with {@code partitions} partitions each. */
  public static void createTopics(String bootstrapServers, int partitions, String... topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(
              List.of(topics).stream()
                  .map(
                      name ->
                          new NewTopic(name, partitions, (short) 1)
                              .configs(Map.of("max.message.bytes", MAX_MESSAGE_BYTES)))
                  .toList())
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + List.of(topics), e);
    }
  }
}
