package io.korebridge.delivery;

import org.apache.kafka.common.KafkaException;

/**
 * The idempotency ledger cannot answer yet (still loading) or at all (its topic is missing,
 * unreadable or unwritable): an infrastructure failure, never the request's fault. The request must
 * be held, not failed. A {@link KafkaException}, so routes that treat Kafka failures as "leave
 * uncommitted" already do the right thing; catch this type before KafkaException to tell it apart.
 */
public class LedgerUnavailableException extends KafkaException {

  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message) {
    super(message);
  }
}
