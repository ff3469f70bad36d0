package io.korebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's per-account limit answers like Kore once an account has used its minute. */
class KoreRateLimitTest {

  private static KoreSimulator kore;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    kore = KoreSimulator.start();
  }

  @AfterAll
  static void stop() {
    kore.close();
  }

  @Test
  void answers_429_with_retry_after_once_an_account_exceeds_its_limit_in_60_seconds()
      throws Exception {
    kore.reset();
    kore.rateLimitPerMinute(KoreSimulator.ACCOUNT_ID, 3);

    for (int i = 0; i < 3; i++) {
      assertThat(post(KoreSimulator.ACCOUNT_ID).statusCode()).isNotEqualTo(429);
    }
    HttpResponse<String> refused = post(KoreSimulator.ACCOUNT_ID);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
    assertThat(refused.body()).contains("per-minute rate limit");
    assertThat(kore.tooManyRequestsAnswered()).isEqualTo(1);
    // Another account has its own budget (and no limit here).
    assertThat(post(KoreSimulator.SECOND_ACCOUNT.accountId()).statusCode()).isNotEqualTo(429);
    assertThat(kore.tooManyRequestsAnswered()).isEqualTo(1);
  }

  @Test
  void reset_removes_the_limits_and_the_count() throws Exception {
    kore.reset();
    kore.rateLimitPerMinute(KoreSimulator.ACCOUNT_ID, 1);
    post(KoreSimulator.ACCOUNT_ID);
    assertThat(post(KoreSimulator.ACCOUNT_ID).statusCode()).isEqualTo(429);

    kore.reset();

    assertThat(kore.tooManyRequestsAnswered()).isZero();
    assertThat(post(KoreSimulator.ACCOUNT_ID).statusCode()).isNotEqualTo(429);
  }

  private static HttpResponse<String> post(String accountId) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    kore.baseUrl()
                        + "/api/v2/public/"
                        + KoreSimulator.STREAM_ID
                        + "/campaign?accountId="
                        + accountId
                        + "&campaignType=sms"))
            .header("accountid", accountId)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
