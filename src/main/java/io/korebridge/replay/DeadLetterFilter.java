package io.korebridge.replay;

import io.korebridge.contract.FailureReason;
import java.time.Instant;
import java.util.Set;

/**
 * Which dead letters to replay. Each criterion accepts any of its values (an empty set accepts
 * everything); a dead letter must pass all criteria.
 */
public record DeadLetterFilter(
    Set<String> reasons, Set<String> tenants, Set<String> eventIds, Instant since) {

  public DeadLetterFilter {
    reasons = Set.copyOf(reasons);
    tenants = Set.copyOf(tenants);
    eventIds = Set.copyOf(eventIds);
  }

  public static DeadLetterFilter everything() {
    return new DeadLetterFilter(Set.of(), Set.of(), Set.of(), null);
  }

  /** Whether no criterion is set, so every dead letter matches. */
  public boolean isEmpty() {
    return reasons.isEmpty() && tenants.isEmpty() && eventIds.isEmpty() && since == null;
  }

  /**
   * Reasons whose letters a replay leaves out unless {@code --reason} names them: replaying a
   * refused use of a tenant would turn it into a campaign once the tenant's binding allows it.
   */
  public static final Set<String> ONLY_BY_NAME =
      Set.of(FailureReason.TENANT_NOT_ALLOWED.name(), FailureReason.UNKNOWN_TENANT.name());

  /** Whether {@code letter} is one of {@link #ONLY_BY_NAME} that this filter does not name. */
  public boolean leavesOut(DeadLetter letter) {
    return ONLY_BY_NAME.contains(letter.reason()) && !reasons.contains(letter.reason());
  }

  public boolean matches(DeadLetter letter) {
    return !leavesOut(letter) && matchesCriteria(letter);
  }

  /** Whether {@code letter} passes the given criteria, {@link #ONLY_BY_NAME} aside. */
  public boolean matchesCriteria(DeadLetter letter) {
    return accepts(reasons, letter.reason())
        && accepts(tenants, letter.tenant())
        && accepts(eventIds, letter.eventId())
        && (since == null || !letter.failedAt().isBefore(since));
  }

  private static boolean accepts(Set<String> wanted, String actual) {
    return wanted.isEmpty() || (actual != null && wanted.contains(actual));
  }
}
