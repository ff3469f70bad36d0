package io.korebridge.receive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Where a request enters the bridge: the Kafka record Camel consumed becomes the request's {@link
 * CampaignDelivery}, with the record kept aside as it came ({@link ReceivedRecord}).
 */
@ApplicationScoped
@Named("recordIntake")
public class RecordIntake {

  private static final String KAFKA_HEADER_PREFIX = "kafka.";

  /**
   * The delivery of the consumed record (the new body). The record's headers are moved into it and
   * taken off the message, so that none of them can reach a later step.
   */
  public CampaignDelivery receive(
      @Header(KafkaConstants.TOPIC) String topic,
      @Header(KafkaConstants.PARTITION) Integer partition,
      @Header(KafkaConstants.OFFSET) Long offset,
      @Header(KafkaConstants.KEY) byte[] key,
      @Body byte[] value,
      @Headers Map<String, Object> headers) {
    Map<String, byte[]> recordHeaders = new LinkedHashMap<>();
    headers.forEach(
        (name, header) -> {
          if (header instanceof byte[] bytes && !name.startsWith(KAFKA_HEADER_PREFIX)) {
            recordHeaders.put(name, bytes);
          } else if (header instanceof String text && !name.startsWith(KAFKA_HEADER_PREFIX)) {
            // Headers a configured header deserializer turned into text (trace context).
            recordHeaders.put(name, text.getBytes(StandardCharsets.UTF_8));
          }
        });
    headers.clear();
    return new CampaignDelivery(
        new ReceivedRecord(topic, partition, offset, key, value, recordHeaders));
  }
}
