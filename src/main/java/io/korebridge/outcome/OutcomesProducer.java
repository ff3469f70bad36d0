package io.korebridge.outcome;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the plain {@link Outcomes} builder available to the pipeline's beans. */
@ApplicationScoped
public class OutcomesProducer {

  @Produces
  @Singleton
  Outcomes outcomes(
      @ConfigProperty(name = "campaign.max-event-bytes") int maxEventBytes,
      @ConfigProperty(name = "campaign.outcome.max-bytes") long maxOutcomeBytes) {
    return new Outcomes(Clock.systemUTC(), maxEventBytes, maxOutcomeBytes);
  }
}
