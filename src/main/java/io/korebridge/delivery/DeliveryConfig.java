package io.korebridge.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How requests move from Kafka to Kore and back: the {@code campaign.delivery.*} keys. */
@ConfigMapping(prefix = "campaign.delivery")
public interface DeliveryConfig {

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
