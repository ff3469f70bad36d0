package io.korebridge.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.receive.ReceivedRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How many bytes an outcome takes as a Kafka record: its JSON value as the route serializes it, the
 * key, and an estimate of the headers the route adds. Plain Java, so the limit is testable alone.
 */
public final class OutcomeSizer {

  /**
   * Headers the route puts on every outcome besides eventId and the trace context (outcome,
   * content-type, the ce_* attributes, a schema id), with room to spare.
   */
  static final int FIXED_HEADER_BYTES = 1024;

  /** Record and batch framing Kafka adds around one record (the batch header alone is 61 bytes). */
  static final int RECORD_OVERHEAD_BYTES = 128;

  private static final ObjectMapper JSON = new ObjectMapper();

  private OutcomeSizer() {}

  /** The serialized JSON value's length, without building it in memory; -1 when it cannot be. */
  public static long valueBytes(CampaignOutcome outcome) {
    Counter counter = new Counter();
    try {
      JSON.writeValue(counter, outcome);
      return counter.count;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The whole record's size: value, key, the eventId header twice (eventId, ce_subject), the trace
   * headers carried over from the request, and the fixed headers; -1 when it cannot be serialized.
   */
  public static long recordBytes(
      CampaignOutcome outcome, byte[] key, Map<String, byte[]> requestHeaders) {
    long value = valueBytes(outcome);
    if (value < 0) {
      return -1;
    }
    long size = value + RECORD_OVERHEAD_BYTES + FIXED_HEADER_BYTES;
    size += key == null ? 0 : key.length;
    if (outcome.eventId() != null) {
      size += 2L * outcome.eventId().getBytes(StandardCharsets.UTF_8).length;
    }
    if (requestHeaders != null) {
      for (Map.Entry<String, byte[]> header : requestHeaders.entrySet()) {
        if (ReceivedRecord.TRACE_HEADERS.contains(
                header.getKey().toLowerCase(java.util.Locale.ROOT))
            && header.getValue() != null) {
          size += header.getKey().length() + header.getValue().length;
        }
      }
    }
    return size;
  }

  private static final class Counter extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
