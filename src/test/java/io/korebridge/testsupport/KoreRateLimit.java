package io.korebridge.testsupport;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kore's per-account rate limit: once an account has had {@code n} create-campaign calls in the
 * last 60 seconds (a sliding window), further calls get 429 with {@code Retry-After} until the
 * oldest leaves the window. A request filter, so it runs exactly once per request, before matching.
 */
final class KoreRateLimit implements StubRequestFilterV2 {

  static final String NAME = "kore-rate-limit";
  static final String BODY =
      "{\"errors\":[{\"msg\":\"You've exceeded the per-minute rate limit. Please wait for"
          + " sometime before retrying.\",\"code\":429}]}";
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Map<String, Integer> limits = new ConcurrentHashMap<>();
  private final Map<String, Deque<Long>> accepted = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  void limit(String accountId, int perMinute) {
    limits.put(accountId, perMinute);
  }

  void clear() {
    limits.clear();
    accepted.clear();
    refused.set(0);
  }

  long refused() {
    return refused.get();
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String account = request.getHeader("accountid");
    Integer limit = account == null ? null : limits.get(account);
    if (limit == null
        || !RequestMethod.POST.equals(request.getMethod())
        || !request.getUrl().contains("/campaign")) {
      return RequestFilterAction.continueWith(request);
    }
    long now = System.nanoTime();
    Deque<Long> calls = accepted.computeIfAbsent(account, key -> new ArrayDeque<>());
    long waitNanos;
    synchronized (calls) {
      while (!calls.isEmpty() && now - calls.peekFirst() >= WINDOW_NANOS) {
        calls.pollFirst();
      }
      if (calls.size() < limit) {
        calls.addLast(now);
        return RequestFilterAction.continueWith(request);
      }
      waitNanos = calls.peekFirst() + WINDOW_NANOS - now;
    }
    refused.incrementAndGet();
    long retryAfterSeconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    return RequestFilterAction.stopWith(
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(429)
            .withHeader("Content-Type", "application/json")
            .withHeader("Retry-After", Long.toString(retryAfterSeconds))
            .withBody(BODY)
            .build());
  }

  @Override
  public String getName() {
    return NAME;
  }
}
