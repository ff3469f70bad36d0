package io.korebridge.outcome;

import io.korebridge.config.CampaignConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Makes the plain {@link Outcomes} builder available to the pipeline's beans. */
@ApplicationScoped
public class OutcomesProducer {

  @Produces
  @Singleton
  Outcomes outcomes(CampaignConfig config) {
    return new Outcomes(Clock.systemUTC(), config.maxEventBytes(), config.outcome().maxBytes());
  }
}
