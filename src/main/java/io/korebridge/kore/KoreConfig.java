package io.korebridge.kore;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The {@code kore.*} configuration; defaults live in application.properties. */
@ConfigMapping(prefix = "kore")
public interface KoreConfig {

  /** Scheme and host of the Kore environment, for example {@code https://platform.kore.ai}. */
  String baseUrl();

  /** Path of the create-campaign API; {@code {streamId}} is replaced by {@link #streamId()}. */
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
    int maxAttempts();

    long initialBackoffMs();

    long maxBackoffMs();

    /** Longest {@code Retry-After} honoured; longer requests are cut to this. */
    long maxRetryAfterMs();

    /** Total time one request may spend on retries before it fails. */
    long maxElapsedMs();
  }

  /** What happens when Kore stays unavailable; see README "Delivery guarantees". */
  Outage outage();

  interface Outage {
    long pauseMs();

    long giveUpAfterMs();
  }

  interface Http {
    int connectTimeoutMs();

    int responseTimeoutMs();
  }
}
