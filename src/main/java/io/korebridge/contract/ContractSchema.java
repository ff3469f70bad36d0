package io.korebridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.i18n.ResourceBundleMessageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * One of the published JSON Schemas under {@code schema/}, loaded from the classpath and applied
 * with networknt's validator; its findings become {@link Violation}s with our own texts.
 */
final class ContractSchema {

  /** Per-field texts in the schema itself; the keyword is ajv's, so other tools can use them. */
  static final String ERROR_MESSAGE_KEYWORD = "errorMessage";

  private static final String MESSAGES = "io.korebridge.contract.contract-messages";
  private static final Set<String> NAMES_A_MEMBER = Set.of("required", "additionalProperties");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String resource;
  private final JsonNode document;
  private final JsonSchema schema;
  private final Set<String> declaredMembers;

  private ContractSchema(String resource, JsonNode document, JsonSchema schema) {
    this.resource = resource;
    this.document = document;
    this.schema = schema;
    this.declaredMembers = declaredMembers(document);
  }

  static ContractSchema load(String resource) {
    JsonNode document = read(resource);
    JsonMetaSchema draft202012 =
        JsonMetaSchema.builder(JsonMetaSchema.getV202012())
            .keyword(new NonValidationKeyword(ERROR_MESSAGE_KEYWORD))
            .build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(draft202012));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .errorMessageKeyword(ERROR_MESSAGE_KEYWORD)
            .messageSource(new ContractMessages())
            .failFast(false)
            .build();
    return new ContractSchema(
        resource,
        document,
        factory.getSchema(SchemaLocation.of("classpath:" + resource), document, config));
  }

  String resource() {
    return resource;
  }

  /** The schema document as loaded, for comparison with the published file. */
  JsonNode document() {
    return document.deepCopy();
  }

  /**
   * Every rule of the schema that {@code instance} breaks, each located by a JSON pointer (built
   * only for the violations kept).
   */
  Violations violations(JsonNode instance) {
    Violations found = new Violations();
    for (ValidationMessage message : schema.validate(instance)) {
      found.add(() -> pointer(message), message.getMessage());
    }
    return found;
  }

  /** A member name the schema declares somewhere; any other member is refused by the schema. */
  boolean declares(String member) {
    return declaredMembers.contains(member);
  }

  private static String pointer(ValidationMessage message) {
    String pointer = message.getInstanceLocation().toString();
    if (message.getProperty() != null && NAMES_A_MEMBER.contains(message.getType())) {
      // required and additionalProperties report the object; the member is what the user named.
      pointer = pointer + "/" + escape(message.getProperty());
    }
    return pointer;
  }

  private static Set<String> declaredMembers(JsonNode document) {
    Set<String> names = new HashSet<>();
    collectDeclared(document, names);
    return Set.copyOf(names);
  }

  // Every "properties" object at any depth (findValues would not look inside the ones it finds).
  private static void collectDeclared(JsonNode node, Set<String> names) {
    if (node.isObject() && node.path("properties").isObject()) {
      node.path("properties").fieldNames().forEachRemaining(names::add);
    }
    node.forEach(child -> collectDeclared(child, names));
  }

  private static String escape(String member) {
    return member.replace("~", "~0").replace("/", "~1");
  }

  /** Our texts, whatever the JVM's locale, from our own class loader (not the library's). */
  private static final class ContractMessages extends ResourceBundleMessageSource {

    ContractMessages() {
      super(MESSAGES);
    }

    @Override
    protected ResourceBundle getResourceBundle(String baseName, Locale ignored) {
      return ResourceBundle.getBundle(
          baseName,
          Locale.ROOT,
          ContractSchema.class.getClassLoader(),
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
  }

  private static JsonNode read(String resource) {
    try (InputStream in = ContractSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is not on the classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("schema " + resource + " cannot be read", e);
    }
  }
}
