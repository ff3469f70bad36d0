package io.korebridge.contract;

/**
 * Bounds on the work one event may cause before it is judged, whatever its shape; the reader's
 * parser enforces the first two, so an event beyond them is never turned into a tree.
 */
public final class EventLimits {

  /**
   * Objects and arrays inside one another, the event itself counted; a real request is about 6
   * deep, a structured-mode CloudEvent one more.
   */
  public static final int MAX_NESTING_DEPTH = 32;

  /** Characters of one member name; the contract's longest is 18. */
  public static final int MAX_NAME_CHARS = 256;

  /** Violations kept with their pointer and text; the rest are only counted. */
  public static final int VIOLATIONS_KEPT = 100;

  private EventLimits() {}
}
