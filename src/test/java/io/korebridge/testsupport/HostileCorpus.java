package io.korebridge.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.EventLimits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * Generated requests of every hostile shape, each at most {@link #LIMIT} bytes (the default
 * campaign.max-event-bytes), with the reason its one FAILED outcome must give.
 */
public final class HostileCorpus {

  public static final int LIMIT = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One hostile record.
   *
   * @param name what it is
   * @param value the record value
   * @param headers the record headers
   * @param reason the FAILED outcome's reason
   */
  public record Shape(String name, byte[] value, Map<String, byte[]> headers, String reason) {

    @Override
    public String toString() {
      return name + " (" + value.length + " bytes)";
    }
  }

  private HostileCorpus() {}

  public static List<Shape> all() {
    List<Shape> shapes = new ArrayList<>();
    shapes.add(slashKeyedObjects());
    shapes.add(
        plain(
            "objects nested one level deeper than the limit",
            withUnknown(objects(EventLimits.MAX_NESTING_DEPTH, "a")),
            "MALFORMED_EVENT"));
    shapes.add(
        plain(
            "arrays nested one level deeper than the limit",
            withUnknown(arrays(EventLimits.MAX_NESTING_DEPTH)),
            "MALFORMED_EVENT"));
    shapes.add(
        plain(
            "slash-keyed objects as deep and long-named as the limits allow",
            withUnknown(
                objects(EventLimits.MAX_NESTING_DEPTH - 2, "/".repeat(EventLimits.MAX_NAME_CHARS))),
            "INVALID_EVENT"));
    shapes.add(
        plain(
            "a member name one character over the limit",
            withUnknownNamed("n".repeat(EventLimits.MAX_NAME_CHARS + 1), "1"),
            "MALFORMED_EVENT"));
    shapes.add(plain("30,000 unknown members", manyMembers(30_000), "INVALID_EVENT"));
    shapes.add(
        plain("an unknown object 120,000 members wide", wideObject(120_000), "INVALID_EVENT"));
    shapes.add(plain("a huge string in every field", hugeStrings(), "INVALID_EVENT"));
    shapes.add(
        plain(
            "an eventId of 900 KB",
            Samples.request("e".repeat(900_000), e -> {}),
            "INVALID_EVENT"));
    shapes.add(
        plain("150,000 wrong-typed contact lists", manyViolations(150_000), "INVALID_EVENT"));
    shapes.add(plain("140,000 escaped NULs in a description", escapes(140_000), "INVALID_EVENT"));
    shapes.add(
        plain("90,000 unpaired surrogates as contact lists", surrogates(90_000), "INVALID_EVENT"));
    shapes.add(plain("bytes that are not UTF-8", notUtf8(LIMIT - 64), "MALFORMED_EVENT"));
    shapes.add(
        plain("a Confluent frame around nothing", new byte[] {0, 0, 0, 0, 7}, "MALFORMED_EVENT"));
    shapes.add(
        plain(
            "a frame whose 8-byte id is followed by garbage",
            frame(9, "garbage".getBytes(StandardCharsets.UTF_8)),
            "MALFORMED_EVENT"));
    shapes.add(
        new Shape(
            "an Apicurio id header of 900 KB instead of 8 bytes",
            Samples.request(UUID.randomUUID().toString(), e -> {}),
            Map.of("apicurio.value.globalId", new byte[900_000]),
            "MALFORMED_EVENT"));
    for (Shape shape : shapes) {
      if (shape.value().length > LIMIT) {
        throw new IllegalStateException(shape + " is larger than a legal request");
      }
    }
    return shapes;
  }

  /**
   * About 940 KB: an unknown member nesting 300 objects, each keyed by 3,000 slashes (each one
   * escaped as two characters in a JSON pointer).
   */
  public static Shape slashKeyedObjects() {
    String key = "/".repeat(3_000);
    StringBuilder nest = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      nest.append("{\"").append(key).append("\":");
    }
    nest.append('1').append("}".repeat(300));
    byte[] value = withUnknown(nest.toString());
    return plain("300 objects keyed by 3,000 slashes each", value, "MALFORMED_EVENT");
  }

  private static Shape plain(String name, byte[] value, String reason) {
    return new Shape(name, value, Map.of(), reason);
  }

  /** The seed request with an extra member {@code x} holding {@code json} (raw JSON text). */
  private static byte[] withUnknown(String json) {
    return withUnknownNamed("x", json);
  }

  private static byte[] withUnknownNamed(String name, String json) {
    String seed =
        new String(Samples.request(UUID.randomUUID().toString(), e -> {}), StandardCharsets.UTF_8);
    return (seed.substring(0, seed.lastIndexOf('}')) + ",\"" + name + "\":" + json + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code depth} objects inside one another; with the event and x's object, depth + 1 levels. */
  private static String objects(int depth, String key) {
    StringBuilder nest = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      nest.append("{\"").append(key).append("\":");
    }
    return nest.append("\"\\ud800\"").append("}".repeat(depth)).toString();
  }

  private static String arrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static byte[] manyMembers(int count) {
    return Samples.request(
        UUID.randomUUID().toString(),
        e -> {
          for (int i = 0; i < count; i++) {
            e.put(String.format("u%05d", i), i);
          }
        });
  }

  private static byte[] wideObject(int count) {
    StringBuilder wide = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      wide.append(i == 0 ? "" : ",").append('"').append(Integer.toString(i, 36)).append("\":0");
    }
    return withUnknown(wide.append('}').toString());
  }

  private static byte[] hugeStrings() {
    String big = "h".repeat(60_000);
    return Samples.request(
        big,
        e -> {
          e.put("tenant", big);
          ObjectNode c = Samples.campaign(e);
          for (String field : List.of("name", "description", "dncList", "experienceFlowName")) {
            c.put(field, big);
          }
          c.put("priority", big);
          c.put("format", big);
          c.put("callerId", big);
          c.set("contactLists", JSON.createArrayNode().add(big).add(big));
          ObjectNode hours = (ObjectNode) c.get("callingHours");
          hours.put("timezone", big);
          ObjectNode day = (ObjectNode) hours.get("days").get(0);
          day.put("day", big);
          day.put("start", big);
          day.put("end", big);
        });
  }

  private static byte[] manyViolations(int count) {
    return Samples.request(
        UUID.randomUUID().toString(),
        e -> {
          ArrayNode numbers = JSON.createArrayNode();
          for (int i = 0; i < count; i++) {
            numbers.add(1);
          }
          Samples.campaign(e).set("contactLists", numbers);
        });
  }

  private static byte[] escapes(int count) {
    String seed =
        new String(
            Samples.request(
                UUID.randomUUID().toString(), e -> Samples.campaign(e).put("description", "@@")),
            StandardCharsets.UTF_8);
    return seed.replace("@@", "\\u0000".repeat(count)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] surrogates(int count) {
    StringBuilder lists = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      lists.append(i == 0 ? "" : ",").append("\"\\udc00\"");
    }
    String seed =
        new String(Samples.request(UUID.randomUUID().toString(), e -> {}), StandardCharsets.UTF_8);
    return seed.replaceFirst(
            "\"contactLists\":\\[[^\\]]*\\]",
            Matcher.quoteReplacement("\"contactLists\":" + lists + "]"))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] notUtf8(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 0xff);
    bytes[0] = '{';
    return bytes;
  }

  private static byte[] frame(int idBytes, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(idBytes).array());
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
