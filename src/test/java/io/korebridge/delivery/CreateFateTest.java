package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.delivery.CreateFate.Fate;
import io.korebridge.kore.KoreRetryableException;
import io.korebridge.kore.KoreTokenRejectedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class CreateFateTest {

  private final CreateFate fate =
      new CreateFate(Set.of(409, 400), Pattern.compile("(?i)already exists"));

  private static KoreRetryableException retryable(int status) {
    return new KoreRetryableException(
        FailureReason.ofKoreAnswer(status), "Kore answered HTTP " + status, status, "{}", null);
  }

  private static CampaignFailedException refused(int status, String body) {
    return new CampaignFailedException(
        FailureReason.KORE_REJECTED, "Kore answered HTTP " + status, status, body, List.of());
  }

  @Test
  void a_response_timeout_or_a_lost_connection_after_sending_leaves_the_fate_unknown() {
    assertThat(fate.of(new SocketTimeoutException("Read timed out"))).isEqualTo(Fate.UNKNOWN);
    assertThat(fate.of(new NoHttpResponseException("failed to respond"))).isEqualTo(Fate.UNKNOWN);
    assertThat(fate.of(new SocketException("Connection reset"))).isEqualTo(Fate.UNKNOWN);
    assertThat(fate.of(new RuntimeException(new IOException("Premature end of stream"))))
        .isEqualTo(Fate.UNKNOWN);
  }

  @Test
  void a_5xx_or_408_answer_leaves_the_fate_unknown_but_429_does_not() {
    assertThat(fate.of(retryable(500))).isEqualTo(Fate.UNKNOWN);
    assertThat(fate.of(retryable(504))).isEqualTo(Fate.UNKNOWN);
    assertThat(fate.of(retryable(408))).isEqualTo(Fate.UNKNOWN);
    assertThat(fate.of(retryable(429))).isEqualTo(Fate.NOT_CREATED);
  }

  @Test
  void a_request_that_never_left_created_nothing() {
    assertThat(fate.of(new ConnectException("Connection refused"))).isEqualTo(Fate.NOT_CREATED);
    assertThat(fate.of(new ConnectTimeoutException("connect timed out")))
        .isEqualTo(Fate.NOT_CREATED);
    assertThat(fate.of(new UnknownHostException("kore.invalid"))).isEqualTo(Fate.NOT_CREATED);
    assertThat(
            fate.of(
                new SSLPeerUnverifiedException(
                    "Certificate for <127.0.0.2> doesn't match any of the subject alternative"
                        + " names: [localhost]")))
        .isEqualTo(Fate.NOT_CREATED);
  }

  @Test
  void kores_refusals_created_nothing() {
    assertThat(fate.of(new KoreTokenRejectedException("{}"))).isEqualTo(Fate.NOT_CREATED);
    assertThat(fate.of(refused(400, "{\"errors\":[{\"msg\":\"contactLists is required\"}]}")))
        .isEqualTo(Fate.NOT_CREATED);
    assertThat(fate.of(new IllegalStateException("defect"))).isEqualTo(Fate.NOT_CREATED);
  }

  @Test
  void a_name_exists_answer_matching_status_and_body_means_the_campaign_may_be_ours() {
    CampaignFailedException exists =
        refused(409, "{\"errors\":[{\"msg\":\"Campaign name already exists\"}]}");
    assertThat(fate.of(exists)).isEqualTo(Fate.UNKNOWN);
    assertThat(fate.nameExists(exists)).isTrue();
    assertThat(fate.of(refused(422, "{\"msg\":\"Campaign name already exists\"}")))
        .as("status not configured")
        .isEqualTo(Fate.NOT_CREATED);
    assertThat(fate.of(refused(409, "{\"msg\":\"conflict\"}")))
        .as("body does not match")
        .isEqualTo(Fate.NOT_CREATED);
  }
}
