package io.korebridge.delivery;

import io.korebridge.config.CampaignConfig;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.serde.KafkaHeaderDeserializer;
import org.apache.camel.support.DefaultConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Starts the delivery engine's owner loop on its own thread with a new requests consumer, and runs
 * the consumer route for each record on that thread. The Kafka settings are camel-kafka's component
 * settings (brokers, security) plus {@code campaign.consumer.*}.
 */
final class CampaignRequestsConsumer extends DefaultConsumer {

  private static final Logger LOG = Logger.getLogger(CampaignRequestsConsumer.class);

  private final String topics;
  private final DeliveryEngine engine;
  private final DeliveryKafkaClientFactory clients;
  private final CampaignConfig config;
  private DeliveryLoop loop;
  private Thread thread;

  CampaignRequestsConsumer(
      CampaignRequestsEndpoint endpoint,
      Processor processor,
      String topics,
      DeliveryEngine engine,
      DeliveryKafkaClientFactory clients,
      CampaignConfig config) {
    super(endpoint, processor);
    this.topics = topics;
    this.engine = engine;
    this.clients = clients;
    this.config = config;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    DeliveryKafkaClientFactory.MeteredConsumer metered =
        clients.requestsConsumer(consumerProperties());
    loop = engine.newLoop(metered.consumer(), DeliveryEngine.topics(topics), this::route);
    DeliveryLoop running = loop;
    thread =
        new Thread(
            () -> {
              try {
                engine.runAsOwner(running);
              } finally {
                metered.metrics().close();
              }
            },
            "campaign-requests-owner");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  protected void doStop() throws Exception {
    if (loop != null) {
      loop.requestStop(getEndpoint().getCamelContext().isStopping());
      long bound = config.consumer().shutdownTimeoutMs();
      thread.join(bound);
      if (thread.isAlive()) {
        LOG.warnf("The requests consumer loop did not end within %d ms", bound);
      }
    }
    super.doStop();
  }

  /** The consumer route for one record, on the owner thread. */
  private void route(ConsumerRecord<byte[], byte[]> record) throws Exception {
    Exchange exchange = createExchange(false);
    try {
      Message message = exchange.getMessage();
      message.setHeader(KafkaConstants.TOPIC, record.topic());
      message.setHeader(KafkaConstants.PARTITION, record.partition());
      message.setHeader(KafkaConstants.OFFSET, record.offset());
      message.setHeader(KafkaConstants.KEY, record.key());
      message.setHeader(KafkaConstants.TIMESTAMP, record.timestamp());
      KafkaHeaderDeserializer headers = kafka().getConfiguration().getHeaderDeserializer();
      for (Header header : record.headers()) {
        Object value =
            headers == null ? header.value() : headers.deserialize(header.key(), header.value());
        if (value != null) {
          message.setHeader(header.key(), value);
        }
      }
      message.setBody(record.value());
      getProcessor().process(exchange);
      if (exchange.getException() != null) {
        throw exchange.getException();
      }
    } finally {
      releaseExchange(exchange, false);
    }
  }

  private Properties consumerProperties() {
    KafkaConfiguration kafka = kafka().getConfiguration();
    CampaignConfig.Consumer consumer = config.consumer();
    Properties props = kafka.createConsumerProperties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clients.getBrokers(kafka));
    // The component gives brokers and security; the consumer's own settings are set here.
    props.put(ConsumerConfig.GROUP_ID_CONFIG, consumer.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, consumer.autoOffsetReset());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, consumer.maxPollRecords());
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, consumer.maxPollIntervalMs());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, consumer.sessionTimeoutMs());
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, consumer.heartbeatIntervalMs());
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  private KafkaComponent kafka() {
    return getEndpoint().getCamelContext().getComponent("kafka", KafkaComponent.class);
  }
}
