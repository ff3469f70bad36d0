package io.korebridge.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Commits the request's offset; runs only after its outcome has been acknowledged by Kafka. */
@ApplicationScoped
@Named("commitOffset")
public class CommitOffset implements Processor {

  @Override
  public void process(Exchange exchange) {
    ReceivedRequest received = PipelineState.received(exchange);
    if (received != null && received.commit() != null) {
      received.commit().commit();
    }
  }
}
