package io.korebridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The campaign-request event contract, version 1: the published JSON Schema (the one source of
 * truth for structure) followed by the few rules a schema cannot express ({@link ContractRules}).
 */
public class EventContract {

  /** Classpath location of the schema; the same file as {@code schema/} in the repository. */
  public static final String SCHEMA_RESOURCE = "schema/campaign-request.v1.schema.json";

  /** The CloudEvents structured-mode envelope around a campaign request. */
  public static final String CLOUDEVENT_SCHEMA_RESOURCE =
      "schema/campaign-request.cloudevent.v1.schema.json";

  static final Comparator<Violation> BY_POINTER =
      Comparator.comparing(Violation::pointer).thenComparing(Violation::message);

  private final ContractSchema schema = ContractSchema.load(SCHEMA_RESOURCE);
  private final ContractSchema cloudEventSchema = ContractSchema.load(CLOUDEVENT_SCHEMA_RESOURCE);
  private final ContractRules rules = new ContractRules();

  /** The schema document this contract validates with, as it was loaded. */
  public JsonNode schema() {
    return schema.document();
  }

  /** Every violation of the event, sorted by pointer; empty when the event keeps the contract. */
  public List<Violation> violations(JsonNode event) {
    List<Violation> found = new ArrayList<>(schema.violations(event));
    found.addAll(rules.violations(event));
    return found.stream().distinct().sorted(BY_POINTER).toList();
  }

  /** Violations of a structured-mode CloudEvent's own attributes (not of its {@code data}). */
  public List<Violation> cloudEventViolations(JsonNode envelope) {
    return cloudEventSchema.violations(envelope).stream().sorted(BY_POINTER).toList();
  }
}
