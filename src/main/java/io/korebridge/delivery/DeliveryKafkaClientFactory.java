package io.korebridge.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Creates the service's Kafka clients with their metrics (fetch lag, request latency, errors) bound
 * to Micrometer under {@code kafka.consumer.*} / {@code kafka.producer.*}. A requests consumer's
 * metrics are unbound when it closes, so a re-created consumer leaks no meters.
 */
@ApplicationScoped
@Named("deliveryKafkaClientFactory")
public class DeliveryKafkaClientFactory extends DefaultKafkaClientFactory {

  private final MeterRegistry registry;
  private final List<KafkaClientMetrics> producerMetrics = new CopyOnWriteArrayList<>();

  public DeliveryKafkaClientFactory(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Producer getProducer(Properties props) {
    Producer producer = super.getProducer(props);
    KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
    metrics.bindTo(registry);
    producerMetrics.add(metrics);
    return producer;
  }

  /** A requests consumer and its bound metrics; close the metrics after the consumer. */
  record MeteredConsumer(Consumer<byte[], byte[]> consumer, KafkaClientMetrics metrics) {}

  @SuppressWarnings("unchecked")
  MeteredConsumer requestsConsumer(Properties props) {
    Consumer<byte[], byte[]> consumer = super.getConsumer(props);
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
    metrics.bindTo(registry);
    return new MeteredConsumer(consumer, metrics);
  }

  void closeProducerMetrics(@Observes ShutdownEvent shutdown) {
    producerMetrics.forEach(KafkaClientMetrics::close);
    producerMetrics.clear();
  }
}
