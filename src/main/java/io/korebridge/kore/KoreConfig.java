package io.korebridge.kore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The {@code kore.*} configuration: where Kore is and who we are there. */
@ConfigMapping(prefix = "kore")
public interface KoreConfig {

  /** Scheme and host of the Kore environment, for example {@code https://platform.kore.ai}. */
  String baseUrl();

  /** Path of the create-campaign API; {@code {streamId}} is replaced by {@link #streamId()}. */
  @WithDefault("/api/v2/public/{streamId}/campaign")
  String campaignPath();

  /** Bot or stream id ({@code st-...}). */
  String streamId();

  /** Kore account id, sent as the {@code accountid} header and {@code accountId} query. */
  String accountId();

  /** Application id sent as the {@code iid} header. */
  String iid();

  /** A pre-issued JWT for the {@code auth} header. */
  Optional<String> jwt();

  /** Timeouts of the HTTP client that calls Kore (applied by the Camel HTTP component). */
  Http http();

  /** How failed calls are retried; see README "Delivery guarantees". */
  Retry retry();

  interface Retry {
    /** Calls per request, the first included. */
    @WithDefault("5")
    int maxAttempts();

    @WithDefault("1000")
    long initialBackoffMs();

    @WithDefault("30000")
    long maxBackoffMs();

    /** Longest {@code Retry-After} honoured; longer requests are cut to this. */
    @WithDefault("60000")
    long maxRetryAfterMs();

    /** Total time one request may spend on retries before it fails. */
    @WithDefault("120000")
    long maxElapsedMs();
  }

  interface Http {
    @WithDefault("5000")
    int connectTimeoutMs();

    @WithDefault("30000")
    int responseTimeoutMs();
  }
}
