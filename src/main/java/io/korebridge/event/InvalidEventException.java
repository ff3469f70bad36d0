package io.korebridge.event;

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

  private static String describe(List<Violation> violations) {
    return violations.size()
        + " contract violation(s): "
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }
}
