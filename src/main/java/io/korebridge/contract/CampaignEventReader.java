package io.korebridge.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.korebridge.config.CampaignConfig;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.ExchangeProperty;

/**
 * Reads the received record (plain JSON or a CloudEvent, either possibly framed by a schema
 * registry's serializer) into a typed {@link CampaignRequestEvent} checked against the contract:
 * unreadable bytes become a {@link MalformedEventException}, contract breaches an {@link
 * InvalidEventException}.
 */
@ApplicationScoped
@Named("campaignEventReader")
public class CampaignEventReader {

  private final ObjectMapper json;
  private final EventContract contract = new EventContract();
  private final int maxEventBytes;

  @Inject
  public CampaignEventReader(CampaignConfig config) {
    this(config.maxEventBytes());
  }

  public CampaignEventReader(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
    this.json = mapper(maxEventBytes);
  }

  /** Strict JSON, and the parser stops at the event limits before any tree is built. */
  private static ObjectMapper mapper(int maxEventBytes) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(EventLimits.MAX_NESTING_DEPTH)
                    .maxNameLength(EventLimits.MAX_NAME_CHARS)
                    .maxStringLength(Math.max(1, maxEventBytes))
                    .build())
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * The route step: the delivery's record as a validated event (the new body). The delivery learns
   * the event's id and tenant as early as possible, so that even an invalid event's outcome names
   * them.
   */
  public CampaignRequestEvent validate(
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery) {
    ReceivedRecord received = delivery.received();
    // Judged by length alone: an oversized value is never parsed.
    if (received.value() != null && received.value().length > maxEventBytes) {
      throw new MalformedEventException(
          "event is "
              + received.value().length
              + " bytes, more than the "
              + maxEventBytes
              + " allowed (campaign.max-event-bytes)");
    }
    RegistryFrame frame = RegistryFrame.of(received.value(), received.headers());
    // Set before parsing, so that a frame around garbage still names its schema id.
    delivery.registrySchemaId(frame.schemaId());
    IncomingEvent incoming = IncomingEvent.of(parse(frame.payload()), received.headers());
    delivery.identify(incoming.eventId(), textOrNull(incoming.event().get("tenant")));
    CampaignRequestEvent event = read(incoming);
    delivery.identify(event.eventId(), event.tenantOrDefault());
    return event;
  }

  /** Checks the whole contract, envelope included, then reads the event into typed records. */
  public CampaignRequestEvent read(IncomingEvent incoming) {
    Violations found = new Violations();
    if (incoming.structured()) {
      found.addAll(contract.cloudEventCheck(incoming.envelope()));
    }
    if (incoming.event().isObject()) {
      found.addAll(contract.check(incoming.event()).under(incoming.pointerPrefix()));
    }
    if (!found.isEmpty()) {
      throw new InvalidEventException(found.kept(), found.total());
    }
    JsonNode tree = incoming.event();
    try {
      // The contract has been checked; this only turns the tree into records.
      return json.treeToValue(tree, CampaignRequestEvent.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidEventException(
          List.of(new Violation(pointerOf(e), "unknown field '" + e.getPropertyName() + "'")));
    } catch (MismatchedInputException e) {
      throw new InvalidEventException(
          List.of(new Violation(pointerOf(e), "wrong type: " + e.getOriginalMessage())));
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("event cannot be read: " + e.getOriginalMessage());
    }
  }

  public JsonNode parse(byte[] value) {
    if (value == null || value.length == 0) {
      throw new MalformedEventException("event is empty");
    }
    JsonNode tree;
    try {
      tree = json.readTree(utf8(value));
    } catch (CharacterCodingException e) {
      throw new MalformedEventException("event is not valid JSON: it is not UTF-8 text");
    } catch (StreamConstraintsException e) {
      throw new MalformedEventException("event is beyond the contract's limits: " + limit(e));
    } catch (IOException e) {
      throw new MalformedEventException("event is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedEventException("event must be a JSON object");
    }
    return tree;
  }

  /**
   * The bytes as UTF-8 text, refusing anything that is not valid UTF-8 (Jackson would guess UTF-16
   * or UTF-32 from the first bytes; the contract says UTF-8 only).
   */
  public static String utf8(byte[] value) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(value))
        .toString();
  }

  private static String pointerOf(JsonProcessingException e) {
    if (!(e instanceof MismatchedInputException mismatch)) {
      return "";
    }
    StringBuilder pointer = new StringBuilder();
    for (var ref : mismatch.getPath()) {
      pointer.append('/');
      pointer.append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
    }
    return pointer.toString();
  }

  /** Which limit, in the contract's words rather than the parser's. */
  private static String limit(StreamConstraintsException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.contains("nesting depth")) {
      return "objects and arrays nest deeper than " + EventLimits.MAX_NESTING_DEPTH + " levels";
    }
    if (message.contains("Name length")) {
      return "a member name is longer than " + EventLimits.MAX_NAME_CHARS + " characters";
    }
    return firstLine(message.replaceAll(" \\(from `[^`]*`\\)", ""));
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
