package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.config.CampaignConfig;
import io.korebridge.kore.KoreCampaignLists;
import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.KoreTenants;
import io.korebridge.kore.KoreTokens;
import io.korebridge.ops.BridgeMetrics;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRecord;
import io.korebridge.testsupport.KoreTestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's commits on the consumer thread, against Kafka's MockConsumer; no broker, no Camel.
 */
class DeliveryEngineCommitTest {

  private static final TopicPartition PARTITION = new TopicPartition("campaign-requests", 0);

  private final KoreConfig kore =
      KoreTestConfig.kore(KoreTestConfig.defaultTenant("commit-test-secret-0123456789abcdef"));
  private final KoreTenants tenants = new KoreTenants(kore);
  private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry(), tenants);
  private final DeliveryEngine engine =
      new DeliveryEngine(
          null,
          campaign(),
          kore,
          tenants,
          new KoreTokens(kore),
          null,
          null,
          metrics,
          new KoreCampaignLists(kore));

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void a_commit_that_throws_before_it_is_sent_is_offered_again_at_the_next_poll() {
    FirstCommitThrows consumer = new FirstCommitThrows();
    consumer.assign(List.of(PARTITION));
    // The last owner committed 0 and had finished offset 1 above it: taking 1 finishes it at once.
    consumer.commitSync(
        Map.of(PARTITION, new OffsetAndMetadata(0, FinishedAbove.encode(0, List.of(1L)))));
    engine.assigned(consumer, List.of(PARTITION));
    engine.accept(delivery(1));
    consumer.throwNext = true;
    assertThat(metrics.pendingRecords().get()).isOne();

    engine.beforePoll(consumer);
    assertThat(consumer.thrown).as("the first commit threw").isTrue();
    assertThat(consumer.committed(Set.of(PARTITION)).get(PARTITION).offset()).isZero();

    engine.beforePoll(consumer);
    assertThat(consumer.committed(Set.of(PARTITION)).get(PARTITION).offset()).isEqualTo(2);
    assertThat(metrics.pendingRecords().get()).as("released by the commit").isZero();
  }

  private static CampaignDelivery delivery(long offset) {
    return new CampaignDelivery(
        new ReceivedRecord(
            PARTITION.topic(),
            PARTITION.partition(),
            offset,
            null,
            new byte[] {'{', '}'},
            Map.of()));
  }

  private static CampaignConfig campaign() {
    return new SmallRyeConfigBuilder()
        .withMapping(CampaignConfig.class)
        .withConverter(Duration.class, 100, new DurationConverter())
        .withSources(
            new PropertiesConfigSource(
                Map.of("campaign.delivery.commit-interval-ms", "0"), "test", 100))
        .build()
        .getConfigMapping(CampaignConfig.class);
  }

  /** A consumer whose next asynchronous commit throws at once, as a closed or fenced one does. */
  private static final class FirstCommitThrows extends MockConsumer<byte[], byte[]> {
    private boolean throwNext;
    private boolean thrown;

    FirstCommitThrows() {
      super("earliest");
    }

    @Override
    public synchronized void commitAsync(
        Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
      if (throwNext) {
        throwNext = false;
        thrown = true;
        throw new KafkaException("simulated: the commit could not be sent");
      }
      super.commitAsync(offsets, callback);
    }
  }
}
