package io.korebridge.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The event is JSON but breaks the contract; every violation found is listed, not just the first.
 */
public class InvalidEventException extends RuntimeException {

  private final transient List<Violation> violations;
  private final int total;

  public InvalidEventException(List<Violation> violations) {
    this(violations, violations.size());
  }

  /** {@code violations} the ones kept of {@code total} found. */
  public InvalidEventException(List<Violation> violations, int total) {
    super(describe(violations, total), null, false, false);
    this.violations = List.copyOf(violations);
    this.total = total;
  }

  /** The violations kept (see {@link EventLimits#VIOLATIONS_KEPT}). */
  public List<Violation> violations() {
    return violations;
  }

  /** How many violations were found, those not kept included. */
  public int total() {
    return total;
  }

  /** Violations named in the message; a hostile event may have hundreds of thousands. */
  static final int DESCRIBED = 20;

  private static String describe(List<Violation> violations, int total) {
    String listed =
        violations.stream()
            .limit(DESCRIBED)
            .map(Violation::toString)
            .collect(Collectors.joining("; "));
    int rest = total - Math.min(DESCRIBED, violations.size());
    return total
        + " contract violation(s): "
        + listed
        + (rest > 0 ? "; and " + rest + " more" : "");
  }
}
