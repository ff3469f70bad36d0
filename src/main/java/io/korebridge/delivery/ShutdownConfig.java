package io.korebridge.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What happens on SIGTERM: the {@code campaign.shutdown.*} keys. */
@ConfigMapping(prefix = "campaign.shutdown")
public interface ShutdownConfig {

  /** How long running calls may take to finish, publish and commit before the service exits. */
  @WithDefault("20000")
  long drainMs();
}
