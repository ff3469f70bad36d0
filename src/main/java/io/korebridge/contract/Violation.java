package io.korebridge.contract;

/** One broken rule of the event contract, located by the JSON pointer of the offending field. */
public record Violation(String pointer, String message) {

  @Override
  public String toString() {
    return pointer + ": " + message;
  }
}
