package io.korebridge.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a real Kafka broker and the Kore simulator for a {@code @QuarkusTest} and points the
 * bridge at them. Tests get both through {@link Simulator} and {@link Kafka} fields.
 */
public class BridgeTestEnvironment implements QuarkusTestResourceLifecycleManager {

  public static final String REQUESTS = "campaign-requests";
  public static final String RESULTS = "campaign-results";
  public static final String DEAD_LETTER = "campaign-dead-letter";

  /** Requests topics with 3 and 4 partitions, for the delivery engine's tests. */
  public static final String REQUESTS_3P = "campaign-requests-3p";

  public static final String REQUESTS_4P = "campaign-requests-4p";

  /** Two CRMs' own requests topics, for tenants bound to topics. */
  public static final String CRM_A_REQUESTS = "campaign-requests-crm-a";

  public static final String CRM_B_REQUESTS = "campaign-requests-crm-b";

  /** Outcome topics with Kafka's 1 MiB limit, for the hostile-event test's profile. */
  public static final String TIGHT_RESULTS = "campaign-results-1mib";

  public static final String TIGHT_DEAD_LETTER = "campaign-dead-letter-1mib";

  /** Its own requests topic, so that that profile's consumer group starts on a clean topic. */
  public static final String HOSTILE_REQUESTS = "campaign-requests-hostile";

  /** Requests topics of their own for the lost-answer tests' profiles (reconcile and recreate). */
  public static final String LOST_ANSWERS_REQUESTS = "campaign-requests-lost-answers";

  public static final String RECREATE_REQUESTS = "campaign-requests-recreate";

  public static final String ONE_MIB = Integer.toString(1024 * 1024);

  /** A tenant on {@link KoreSimulator#SECOND_ACCOUNT}, with that app's own credentials. */
  public static final String SECOND_TENANT = "second";

  /** A tenant on the default account whose client secret is not the app's: Kore refuses it. */
  public static final String WRONG_SECRET_TENANT = "wrong-secret";

  public static final String WRONG_SECRET = "not-the-app-secret-but-long-enough-0123456789";

  /** A tenant on the default account that has only a pre-issued token ({@code jwt}). */
  public static final String PRE_ISSUED_TENANT = "pre-issued";

  /** A config profile: test profiles that add it call Kore over HTTPS, trusting the simulator. */
  public static final String HTTPS_PROFILE = "kore-https";

  /**
   * A tenant of the HTTPS profile that calls the simulator as {@code 127.0.0.2}, a loopback address
   * its trusted certificate does not name (it names {@code localhost} and {@code 127.0.0.1}).
   */
  public static final String WRONG_HOST_NAME_TENANT = "wrong-host-name";

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
    broker.createTopics(REQUESTS, RESULTS, DEAD_LETTER, HOSTILE_REQUESTS);
    broker.createTopics(1, Map.of("max.message.bytes", ONE_MIB), TIGHT_RESULTS, TIGHT_DEAD_LETTER);
    broker.createTopics(3, REQUESTS_3P);
    broker.createTopics(4, REQUESTS_4P);
    broker.createTopics(CRM_A_REQUESTS, CRM_B_REQUESTS);
    broker.createTopics(LOST_ANSWERS_REQUESTS, RECREATE_REQUESTS);
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
    // Several tenants, and the tests send from many topics and often without a tenant: every
    // tenant accepts every topic, and tenant-less events go to default, both on purpose.
    config.put("kore.topics", "*");
    config.put("kore.require-tenant", "false");
    tenant(config, SECOND_TENANT, KoreSimulator.SECOND_ACCOUNT, null);
    tenant(config, WRONG_SECRET_TENANT, KoreSimulator.DEFAULT_ACCOUNT, WRONG_SECRET);
    String preIssued = "kore.tenants.\"" + PRE_ISSUED_TENANT + "\".";
    config.put(preIssued + "jwt", KoreSimulator.JWT);
    config.put(preIssued + "topics", "*");
    config.put("kore.tls.trust-store-path", certificate.trustStore().toString());
    config.put("kore.tls.trust-store-password", certificate.password());
    config.put("%" + HTTPS_PROFILE + ".kore.base-url", simulator.httpsBaseUrl());
    config.put(
        "%" + HTTPS_PROFILE + ".kore.tenants.\"" + WRONG_HOST_NAME_TENANT + "\".base-url",
        simulator.httpsBaseUrl().replace("localhost", "127.0.0.2"));
    config.put(
        "%" + HTTPS_PROFILE + ".kore.tenants.\"" + WRONG_HOST_NAME_TENANT + "\".topics", "*");
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
    config.put(prefix + "topics", "*");
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
}
