package io.korebridge.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Violations as they are found: the first {@link EventLimits#VIOLATIONS_KEPT} kept, every one
 * counted. The pointer of one that is not kept is never built.
 */
final class Violations {

  private final List<Violation> kept = new ArrayList<>();
  private int total;

  void add(Supplier<String> pointer, String message) {
    total++;
    if (kept.size() < EventLimits.VIOLATIONS_KEPT) {
      kept.add(new Violation(pointer.get(), message));
    }
  }

  void add(Violation violation) {
    add(violation::pointer, violation.message());
  }

  void addAll(Violations other) {
    for (Violation v : other.kept) {
      add(v);
    }
    total += other.total - other.kept.size();
  }

  /** These violations re-located under {@code prefix} (where the event sits in the record). */
  Violations under(String prefix) {
    Violations moved = new Violations();
    for (Violation v : kept) {
      moved.kept.add(new Violation(prefix + v.pointer(), v.message()));
    }
    moved.total = total;
    return moved;
  }

  boolean isEmpty() {
    return total == 0;
  }

  int total() {
    return total;
  }

  /** The kept violations, sorted by pointer. */
  List<Violation> kept() {
    return kept.stream().distinct().sorted(EventContract.BY_POINTER).toList();
  }
}
