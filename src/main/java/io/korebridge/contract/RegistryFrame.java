package io.korebridge.contract;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * A Kafka value as a schema-registry serializer may have framed it, split into the schema id and
 * the JSON it frames. Recognised, without asking any registry:
 *
 * <ul>
 *   <li>Confluent (and Apicurio's 4-byte id handlers): magic byte {@code 0x00}, a 4-byte big-endian
 *       schema id, then the JSON: {@code confluent:<id>};
 *   <li>Apicurio's default: magic byte {@code 0x00}, an 8-byte big-endian global id, then the JSON:
 *       {@code apicurio:globalId:<id>};
 *   <li>Apicurio's header mode: plain JSON with the id in the Kafka header {@code
 *       apicurio.value.globalId} (or {@code apicurio.value.contentId}), 8 bytes big-endian: {@code
 *       apicurio:globalId:<id>} / {@code apicurio:contentId:<id>}.
 * </ul>
 *
 * A value is framed when its first byte is {@code 0x00} and it is at least 5 bytes long: no JSON
 * text starts with a NUL byte, so this never mistakes a plain event for a frame. The id is 4 bytes
 * when the JSON (its first non-blank byte) starts right after them, else 8 when it starts after
 * those; otherwise the 4-byte reading is kept and its payload fails as any non-JSON value does.
 *
 * @param schemaId the registry's id of the schema, prefixed by the framing; null when unframed
 * @param payload the JSON text (the whole value when unframed)
 */
public record RegistryFrame(String schemaId, byte[] payload) {

  static final byte MAGIC = 0x00;
  static final int CONFLUENT_ID_BYTES = 4;
  static final int APICURIO_ID_BYTES = 8;
  static final String APICURIO_GLOBAL_ID_HEADER = "apicurio.value.globalId";
  static final String APICURIO_CONTENT_ID_HEADER = "apicurio.value.contentId";

  /** Strips a registry frame from {@code value}, given the record's headers. */
  public static RegistryFrame of(byte[] value, Map<String, byte[]> headers) {
    if (value != null && value.length >= 1 + CONFLUENT_ID_BYTES && value[0] == MAGIC) {
      if (!startsWithObject(value, 1 + CONFLUENT_ID_BYTES)
          && value.length > 1 + APICURIO_ID_BYTES
          && startsWithObject(value, 1 + APICURIO_ID_BYTES)) {
        long globalId = ByteBuffer.wrap(value, 1, APICURIO_ID_BYTES).getLong();
        return new RegistryFrame(
            "apicurio:globalId:" + Long.toUnsignedString(globalId),
            Arrays.copyOfRange(value, 1 + APICURIO_ID_BYTES, value.length));
      }
      int schemaId = ByteBuffer.wrap(value, 1, CONFLUENT_ID_BYTES).getInt();
      return new RegistryFrame(
          "confluent:" + Integer.toUnsignedString(schemaId),
          Arrays.copyOfRange(value, 1 + CONFLUENT_ID_BYTES, value.length));
    }
    String headerId = headerId(headers, APICURIO_GLOBAL_ID_HEADER, "apicurio:globalId:");
    if (headerId == null) {
      headerId = headerId(headers, APICURIO_CONTENT_ID_HEADER, "apicurio:contentId:");
    }
    return new RegistryFrame(headerId, value);
  }

  private static boolean startsWithObject(byte[] value, int from) {
    for (int i = from; i < value.length; i++) {
      byte b = value[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{';
      }
    }
    return false;
  }

  private static String headerId(Map<String, byte[]> headers, String name, String prefix) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, byte[]> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
        byte[] id = header.getValue();
        if (id.length != APICURIO_ID_BYTES) {
          throw new MalformedEventException(
              "header " + name + " must be an 8-byte id, not " + id.length + " bytes");
        }
        return prefix + Long.toUnsignedString(ByteBuffer.wrap(id).getLong());
      }
    }
    return null;
  }
}
