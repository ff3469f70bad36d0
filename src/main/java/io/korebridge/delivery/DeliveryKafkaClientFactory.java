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
 * Creates the Camel Kafka component's clients: the requests consumer is driven by the {@link
 * DeliveryEngine}, and every client's metrics (fetch lag, request latency, errors) are bound to
 * Micrometer under {@code kafka.consumer.*} / {@code kafka.producer.*}, and unbound when the client
 * closes, so a re-created consumer leaks no meters or threads.
 */
@ApplicationScoped
@Named("deliveryKafkaClientFactory")
public class DeliveryKafkaClientFactory extends DefaultKafkaClientFactory {

  private final MeterRegistry registry;
  private final DeliveryEngine engine;
  private final List<KafkaClientMetrics> producerMetrics = new CopyOnWriteArrayList<>();

  public DeliveryKafkaClientFactory(MeterRegistry registry, DeliveryEngine engine) {
    this.registry = registry;
    this.engine = engine;
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

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Consumer getConsumer(Properties props) {
    Consumer consumer = super.getConsumer(props);
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
    metrics.bindTo(registry);
    return DeliveryConsumer.wrap(consumer, engine, metrics::close);
  }

  void closeProducerMetrics(@Observes ShutdownEvent shutdown) {
    producerMetrics.forEach(KafkaClientMetrics::close);
    producerMetrics.clear();
  }
}
