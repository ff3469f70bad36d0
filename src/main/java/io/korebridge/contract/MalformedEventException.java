package io.korebridge.contract;

/** The Kafka value cannot be read as a JSON event at all. */
public class MalformedEventException extends RuntimeException {

  public MalformedEventException(String message) {
    super(message, null, false, false);
  }
}
