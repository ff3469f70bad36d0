package io.korebridge.receive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/** Starts a request's delivery from the Kafka record and clears the record's headers. */
@ApplicationScoped
@Named("receiveCampaignRequest")
public class ReceiveCampaignRequest implements Processor {

  private static final String KAFKA_HEADER_PREFIX = "kafka.";

  @Override
  public void process(Exchange exchange) {
    Message in = exchange.getMessage();
    Map<String, byte[]> recordHeaders = new LinkedHashMap<>();
    in.getHeaders()
        .forEach(
            (name, value) -> {
              if (value instanceof byte[] bytes && !name.startsWith(KAFKA_HEADER_PREFIX)) {
                recordHeaders.put(name, bytes);
              } else if (value instanceof String text && !name.startsWith(KAFKA_HEADER_PREFIX)) {
                // Headers a configured header deserializer turned into text (trace context).
                recordHeaders.put(name, text.getBytes(StandardCharsets.UTF_8));
              }
            });
    exchange.setProperty(
        CampaignDelivery.PROPERTY,
        new CampaignDelivery(
            new ReceivedRequest(
                in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class),
                in.getHeader(KafkaConstants.OFFSET, Long.class),
                in.getHeader(KafkaConstants.KEY, byte[].class),
                in.getBody(byte[].class),
                recordHeaders)));
    in.getHeaders().clear();
    in.setBody(null);
  }
}
