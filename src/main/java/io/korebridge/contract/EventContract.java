package io.korebridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * The violations of the event, sorted by pointer (at most {@link EventLimits#VIOLATIONS_KEPT});
   * empty when the event keeps the contract.
   */
  public List<Violation> violations(JsonNode event) {
    return check(event).kept();
  }

  /** Every violation of the event counted, the first ones kept. */
  Violations check(JsonNode event) {
    Violations found = schema.violations(event);
    found.addAll(rules.violations(event, schema::declares));
    return found;
  }

  /** Violations of a structured-mode CloudEvent's own attributes (not of its {@code data}). */
  Violations cloudEventCheck(JsonNode envelope) {
    return cloudEventSchema.violations(envelope);
  }

  /** Violations of a structured-mode CloudEvent's own attributes, sorted by pointer. */
  public List<Violation> cloudEventViolations(JsonNode envelope) {
    return cloudEventCheck(envelope).kept();
  }
}
