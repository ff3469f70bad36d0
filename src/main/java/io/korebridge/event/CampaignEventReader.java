package io.korebridge.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * Turns the raw Kafka value into a typed {@link CampaignRequestEvent}: unreadable bytes become a
 * {@link MalformedEventException}, contract breaches an {@link InvalidEventException}.
 */
public class CampaignEventReader {

  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private final EventContract contract;

  public CampaignEventReader(EventContract contract) {
    this.contract = contract;
  }

  public CampaignRequestEvent read(JsonNode tree) {
    List<Violation> violations = contract.violations(tree);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(violations);
    }
    try {
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
      tree = json.readTree(value);
    } catch (IOException e) {
      throw new MalformedEventException("event is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedEventException("event must be a JSON object");
    }
    return tree;
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

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
