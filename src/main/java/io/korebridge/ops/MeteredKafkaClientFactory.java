package io.korebridge.ops;

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
 * Creates the Camel Kafka component's clients as usual and binds each one's metrics (fetch lag,
 * request latency, errors...) to Micrometer under {@code kafka.consumer.*} / {@code
 * kafka.producer.*}.
 */
@ApplicationScoped
@Named("meteredKafkaClientFactory")
public class MeteredKafkaClientFactory extends DefaultKafkaClientFactory {

  private final MeterRegistry registry;
  private final List<KafkaClientMetrics> bound = new CopyOnWriteArrayList<>();

  public MeteredKafkaClientFactory(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Producer getProducer(Properties props) {
    Producer producer = super.getProducer(props);
    bind(new KafkaClientMetrics(producer));
    return producer;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Consumer getConsumer(Properties props) {
    Consumer consumer = super.getConsumer(props);
    bind(new KafkaClientMetrics(consumer));
    return consumer;
  }

  private void bind(KafkaClientMetrics metrics) {
    metrics.bindTo(registry);
    bound.add(metrics);
  }

  void closeBinders(@Observes ShutdownEvent shutdown) {
    bound.forEach(KafkaClientMetrics::close);
    bound.clear();
  }
}
