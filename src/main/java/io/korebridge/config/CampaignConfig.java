package io.korebridge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The service's own {@code campaign.*} keys and their defaults: the one place they are declared.
 * docs/configuration.md documents each (a test checks it against this interface); {@code
 * application.properties} only wires them into Camel and Quarkus.
 */
@ConfigMapping(prefix = "campaign")
public interface CampaignConfig {

  /** The topics the bridge reads and writes. */
  Topics topics();

  /** The ledger of created campaigns behind idempotency. */
  Idempotency idempotency();

  /** Larger request values are FAILED {@code MALFORMED_EVENT} without being parsed. */
  @WithDefault("1048576")
  int maxEventBytes();

  /** What the bridge publishes. */
  Outcome outcome();

  /** The Kafka consumer of the requests topic (read by the consumer route). */
  Consumer consumer();

  /** How requests move from Kafka to Kore and back. */
  Delivery delivery();

  /** What happens on SIGTERM. */
  Shutdown shutdown();

  /** CloudEvents attributes of the outcome events. */
  CloudEvents cloudevents();

  /** Health and metrics endpoints. */
  Management management();

  Health health();

  Log log();

  /** Where the Camel routes are loaded from; {@code file:/path/*.yaml} loads edited routes. */
  @WithDefault("classpath:routes/*.yaml")
  String routes();

  interface Topics {
    /** Topic(s) the requests are consumed from, comma-separated. */
    @WithDefault("campaign-requests")
    String requests();

    /** Topic of CREATED outcomes. */
    @WithDefault("campaign-results")
    String results();

    /** Topic of FAILED outcomes. */
    @WithDefault("campaign-dead-letter")
    String deadLetter();

    /** Compacted topic recording which events became campaigns. */
    @WithDefault("campaign-idempotency")
    String idempotency();
  }

  interface Idempotency {
    /** Entries are honoured this long after they were recorded (also the topic's retention.ms). */
    @WithDefault("7d")
    Duration retention();

    /** Bound of the in-memory index (about 310 bytes each); the oldest go first. */
    @WithDefault("300000")
    int maxEntries();

    /** How long a look-up waits for a ledger that is loading or unavailable; 0: none waits. */
    @WithDefault("0")
    long unavailableWaitMs();
  }

  interface Outcome {
    /** Largest outcome record published (also the producer's max.request.size). */
    @WithDefault("3145728")
    long maxBytes();
  }

  interface Consumer {
    @WithDefault("kore-campaign-bridge")
    String groupId();

    @WithDefault("earliest")
    String autoOffsetReset();

    /** Records per poll; the hand-over is fast, so this only sizes fetches. */
    @WithDefault("500")
    int maxPollRecords();

    @WithDefault("300000")
    int maxPollIntervalMs();

    /** How long one poll waits; also how soon an idle consumer commits or resumes. */
    @WithDefault("500")
    long pollTimeoutMs();

    /** A replica that stops heartbeating loses its partitions after this long. */
    @WithDefault("8000")
    int sessionTimeoutMs();

    @WithDefault("2000")
    int heartbeatIntervalMs();

    /** How long Camel waits for the consumer thread on shutdown (the drain included). */
    @WithDefault("30000")
    long shutdownTimeoutMs();
  }

  interface Delivery {
    /** Kore calls at once per replica, whatever the number of partitions. */
    @WithDefault("64")
    int inFlight();

    /** Records taken from Kafka and not yet committed; at this mark consumption pauses. */
    @WithDefault("1000")
    int maxPending();

    /** Bytes of pending records' values, keys and headers; at this mark consumption pauses. */
    @WithDefault("67108864")
    long maxPendingBytes();

    /** Finished offsets are committed at most this often (and at most once per poll). */
    @WithDefault("500")
    long commitIntervalMs();

    /** On a rebalance, how long revoked partitions' running calls may take to finish. */
    @WithDefault("10000")
    long revokeDrainMs();

    /** First wait before an outcome Kafka did not take is published again (doubles to 30 s). */
    @WithDefault("1000")
    long kafkaRetryBackoffMs();

    /** Threads that validate and map requests and build outcomes (the CPU-bound steps). */
    @WithDefault("2")
    int workerThreads();
  }

  interface Shutdown {
    /** How long running calls may take to finish, publish and commit before the service exits. */
    @WithDefault("20000")
    long drainMs();
  }

  interface CloudEvents {
    /** The {@code source} attribute ({@code ce_source} header) of outcome events. */
    @WithDefault("/kore-campaign-bridge")
    String source();
  }

  interface Management {
    /** The only HTTP port: health and metrics. */
    @WithDefault("9000")
    int port();
  }

  interface Health {
    /** How long a readiness check waits for Kafka. */
    @WithDefault("3000")
    long kafkaTimeoutMs();
  }

  interface Log {
    /** JSON log lines instead of text. */
    @WithDefault("false")
    boolean json();
  }
}
