package io.korebridge.kore;

import io.korebridge.pipeline.PipelineState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A smooth call budget per Kore account: calls evenly spaced, so no 60-second window ever holds
 * more than the limit. Each consumer thread waits for its own account's budget only, so an account
 * in a campaign storm does not hold up the others' threads.
 */
@ApplicationScoped
@Named("koreRateLimits")
public class KoreRateLimits {

  private static final Logger LOG = Logger.getLogger(KoreRateLimits.class);
  private static final long NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

  /** Waiting is bounded by configuration (see README); this only stops a wait that never ends. */
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

  private final KoreConfig config;
  private final KoreTenants tenants;
  private final Map<String, CallSpacing> byAccount = new ConcurrentHashMap<>();

  public KoreRateLimits(
      KoreConfig config,
      KoreTenants tenants,
      @ConfigProperty(name = "campaign.consumer.threads") int threads,
      @ConfigProperty(name = "campaign.consumer.max-poll-records") int maxPollRecords,
      @ConfigProperty(name = "campaign.consumer.max-poll-interval-ms") long maxPollIntervalMs) {
    this.config = config;
    this.tenants = tenants;
    warnIfWaitsCanOutlastThePollInterval(threads, maxPollRecords, maxPollIntervalMs);
  }

  /** Blocks until the event's Kore account may be called; records the wait on the exchange. */
  public void awaitBudget(Exchange exchange) throws InterruptedException {
    KoreTenant tenant = tenants.resolve(exchange.getProperty(PipelineState.TENANT, String.class));
    int perMinute = perReplica(limitFor(tenant.name()));
    if (perMinute <= 0) {
      return;
    }
    CallSpacing account =
        byAccount.computeIfAbsent(
            tenant.baseUrl() + "|" + tenant.accountId(),
            key -> new CallSpacing(spacing(perMinute)));
    long waitNanos = account.reserve(System.nanoTime());
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
    long waitedBefore = exchange.getProperty(PipelineState.RATE_WAIT_NANOS, 0L, Long.class);
    exchange.setProperty(PipelineState.RATE_WAIT_NANOS, waitedBefore + waitNanos);
  }

  /**
   * One slot of margin: calls {@code 60 s / (limit - 1)} apart, so the few milliseconds between
   * taking a slot and reaching Kore can never put {@code limit + 1} calls into Kore's minute.
   */
  static Duration spacing(int perMinute) {
    return Duration.ofNanos(NANOS_PER_MINUTE / Math.max(1, perMinute - 1));
  }

  int limitFor(String tenantName) {
    KoreConfig.NamedTenant named = config.tenants().get(tenantName);
    return named == null
        ? config.rateLimit().perMinute()
        : named.rateLimitPerMinute().orElse(config.rateLimit().perMinute());
  }

  private int perReplica(int perMinute) {
    return perMinute / Math.max(1, config.rateLimit().replicas());
  }

  private void warnIfWaitsCanOutlastThePollInterval(
      int threads, int maxPollRecords, long maxPollIntervalMs) {
    int smallest = perReplica(config.rateLimit().perMinute());
    for (String name : config.tenants().keySet()) {
      smallest = Math.min(smallest, perReplica(limitFor(name)));
    }
    if (smallest <= 0) {
      return;
    }
    long worstBatchWaitMs = (long) maxPollRecords * threads * 60_000L / smallest;
    if (worstBatchWaitMs * 2 > maxPollIntervalMs) {
      LOG.warnf(
          "A poll of %d records on %d threads sharing one %d-per-minute Kore account can wait %d ms"
              + " for budget, more than half of campaign.consumer.max-poll-interval-ms (%d):"
              + " lower max-poll-records or threads, or key events by tenant",
          maxPollRecords, threads, smallest, worstBatchWaitMs, maxPollIntervalMs);
    }
  }
}
