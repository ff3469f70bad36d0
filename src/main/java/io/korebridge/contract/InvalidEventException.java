package io.korebridge.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The event is JSON but breaks the contract; every violation found is listed, not just the first.
 */
public class InvalidEventException extends RuntimeException {

  private final transient List<Violation> violations;

  public InvalidEventException(List<Violation> violations) {
    super(describe(violations), null, false, false);
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  /** Violations named in the message; a hostile event may have hundreds of thousands. */
  static final int DESCRIBED = 20;

  private static String describe(List<Violation> violations) {
    String listed =
        violations.stream()
            .limit(DESCRIBED)
            .map(Violation::toString)
            .collect(Collectors.joining("; "));
    int rest = violations.size() - DESCRIBED;
    return violations.size()
        + " contract violation(s): "
        + listed
        + (rest > 0 ? "; and " + rest + " more" : "");
  }
}
