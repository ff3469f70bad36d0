package io.korebridge.ops;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM (a Kubernetes pod deletion, a rolling update) starts the graceful shutdown and, once it
 * has drained, published and committed, the process exits 0: the JVM's own answer to the signal
 * would be 143 however cleanly it stopped, which operators and tools read as a failure.
 */
@ApplicationScoped
public class CleanExitOnSigterm {

  private static final Logger LOG = Logger.getLogger(CleanExitOnSigterm.class);

  void register(@Observes StartupEvent started) {
    try {
      Signal.handle(
          new Signal("TERM"),
          signal -> {
            LOG.info("SIGTERM: stopping gracefully");
            Quarkus.asyncExit(0);
          });
    } catch (IllegalArgumentException unsupported) {
      LOG.debugf("SIGTERM cannot be handled here: %s", unsupported.getMessage());
    }
  }
}
