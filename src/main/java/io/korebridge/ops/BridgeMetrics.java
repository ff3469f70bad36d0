package io.korebridge.ops;

import io.korebridge.kore.KoreTenants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bridge's own meters, in one place so that every step (and every issue that adds one) records
 * them under the same names and tags. Prometheus names: dots become underscores, counters get
 * {@code _total}, timers {@code _seconds_*}. Tenant tags only ever carry configured tenant names,
 * so an event cannot grow the number of series by inventing tenants.
 */
@ApplicationScoped
public class BridgeMetrics {

  /** Requests taken off the requests topic. */
  public static final String EVENTS_CONSUMED = "campaign.events.consumed";

  /** Outcomes published, tags {@code outcome}, {@code reason}, {@code tenant}. */
  public static final String OUTCOMES = "campaign.outcomes";

  /** Kore create-campaign calls, tags {@code status} (HTTP status or {@code error}), tenant. */
  public static final String KORE_CALLS = "kore.call.duration";

  /** Kore calls sent and not yet answered. */
  public static final String KORE_IN_FLIGHT = "kore.calls.in.flight";

  /** Kore calls repeated after a retryable answer, tags {@code reason}, {@code tenant}. */
  public static final String KORE_RETRIES = "kore.call.retries";

  /** Time a request waited for the tenant's rate budget before calling Kore, tag tenant. */
  public static final String RATE_WAIT = "kore.rate.wait";

  /** A 429 pushed back every call of the tenant's account, tag {@code tenant}. */
  public static final String BUDGET_PUSH_BACKS = "kore.budget.push.backs";

  /** Kore token renewals, tags {@code result} (success or failure), {@code tenant}. */
  public static final String TOKEN_RENEWALS = "kore.token.renewals";

  /** Records taken from Kafka and not yet committed (set by the delivery engine). */
  public static final String PENDING_RECORDS = "campaign.delivery.pending.records";

  /** Requests held back while Kore is unavailable (set by the delivery engine). */
  public static final String HELD_REQUESTS = "campaign.delivery.held.requests";

  static final String NONE = "none";
  static final String UNKNOWN_TENANT = "unknown";

  private final MeterRegistry registry;
  private final KoreTenants tenants;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger pendingRecords = new AtomicInteger();
  private final AtomicInteger heldRequests = new AtomicInteger();
  private final Counter consumed;

  public BridgeMetrics(MeterRegistry registry, KoreTenants tenants) {
    this.registry = registry;
    this.tenants = tenants;
    this.consumed =
        Counter.builder(EVENTS_CONSUMED)
            .description("Campaign requests taken off the requests topic")
            .register(registry);
    registry.gauge(KORE_IN_FLIGHT, inFlight);
    Gauge.builder(PENDING_RECORDS, pendingRecords, AtomicInteger::get)
        .description("Records taken from Kafka and not yet committed")
        .register(registry);
    Gauge.builder(HELD_REQUESTS, heldRequests, AtomicInteger::get)
        .description("Requests held back while Kore is unavailable")
        .register(registry);
  }

  /** Observing start-up builds the bean then, so the gauges are exported before any record. */
  void registerAtStartUp(@Observes StartupEvent started) {}

  /**
   * The delivery engine sets this to the records it has taken from Kafka and not yet committed; the
   * gauge {@code campaign_delivery_pending_records} reads it.
   */
  public AtomicInteger pendingRecords() {
    return pendingRecords;
  }

  /**
   * The delivery engine sets this to the requests it holds while Kore is unavailable; the gauge
   * {@code campaign_delivery_held_requests} reads it.
   */
  public AtomicInteger heldRequests() {
    return heldRequests;
  }

  public void eventConsumed() {
    consumed.increment();
  }

  /** {@code reason} is null for CREATED. */
  public void outcome(String outcome, String reason, String tenant) {
    Counter.builder(OUTCOMES)
        .description("Campaign outcomes published, by outcome, failure reason and tenant")
        .tag("outcome", outcome)
        .tag("reason", reason == null ? NONE : reason)
        .tag("tenant", tenantTag(tenant))
        .register(registry)
        .increment();
  }

  public void koreCallStarted() {
    inFlight.incrementAndGet();
  }

  /** {@code status} is Kore's HTTP status, or 0 when no answer came (timeout, refused). */
  public void koreCallFinished(String tenant, int status, Duration took) {
    inFlight.decrementAndGet();
    Timer.builder(KORE_CALLS)
        .description("Kore create-campaign call latency, by HTTP status")
        .tag("status", status > 0 ? Integer.toString(status) : "error")
        .tag("tenant", tenantTag(tenant))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(took);
  }

  /**
   * For the retry policy: one call repeated because of {@code reason} (e.g. HTTP_503, HTTP_429).
   */
  public void koreRetry(String tenant, String reason) {
    Counter.builder(KORE_RETRIES)
        .description("Kore calls repeated after a retryable answer")
        .tag("reason", reason)
        .tag("tenant", tenantTag(tenant))
        .register(registry)
        .increment();
  }

  /** For the call budget: Kore answered 429, so the account's next slots were pushed back. */
  public void koreBudgetPushedBack(String tenant) {
    Counter.builder(BUDGET_PUSH_BACKS)
        .description("Times a 429 from Kore pushed back every call of the account")
        .tag("tenant", tenantTag(tenant))
        .register(registry)
        .increment();
  }

  /** For the rate limiter: how long a request waited for its tenant's budget. */
  public void rateBudgetWaited(String tenant, Duration waited) {
    Timer.builder(RATE_WAIT)
        .description("Time waited for the tenant's Kore rate budget")
        .tag("tenant", tenantTag(tenant))
        .register(registry)
        .record(waited);
  }

  /** For the token issuer: one renewal of a tenant's Kore token. */
  public void tokenRenewed(String tenant, boolean success) {
    Counter.builder(TOKEN_RENEWALS)
        .description("Kore token renewals, by result")
        .tag("result", success ? "success" : "failure")
        .tag("tenant", tenantTag(tenant))
        .register(registry)
        .increment();
  }

  int inFlight() {
    return inFlight.get();
  }

  private String tenantTag(String tenant) {
    return tenant != null && tenants.isConfigured(tenant) ? tenant : UNKNOWN_TENANT;
  }
}
