package io.korebridge.auth;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.jsonOf;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static io.korebridge.testsupport.Samples.forTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.KoreTokenCheck;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tokens signed from client credentials, per tenant, checked by the simulator the way Kore checks
 * them (signature with the app's secret, appId, expiry).
 */
@QuarkusTest
class KoreAuthenticationTest extends BridgeIntegrationTest {

  @Test
  void two_tenants_reach_two_accounts_with_two_different_tokens() throws Exception {
    String first = kafka.sendSample(REQUESTS, forTenant("default"));
    String second = kafka.sendSample(REQUESTS, forTenant(BridgeTestEnvironment.SECOND_TENANT));

    assertThat(jsonOf(kafka.awaitOutcome(RESULTS, first)).path("tenant").asText())
        .isEqualTo("default");
    assertThat(jsonOf(kafka.awaitOutcome(RESULTS, second)).path("tenant").asText())
        .isEqualTo(BridgeTestEnvironment.SECOND_TENANT);
    LoggedRequest toDefault = callTo(KoreSimulator.DEFAULT_ACCOUNT);
    LoggedRequest toSecond = callTo(KoreSimulator.SECOND_ACCOUNT);
    assertThat(toSecond.getUrl()).contains(KoreSimulator.SECOND_ACCOUNT.streamId());
    assertThat(toSecond.getHeader("iid")).isEqualTo(KoreSimulator.SECOND_ACCOUNT.iid());
    assertThat(toDefault.getHeader("auth")).isNotEqualTo(toSecond.getHeader("auth"));
    assertThat(
            KoreTokenCheck.read(toDefault.getHeader("auth"), KoreSimulator.DEFAULT_ACCOUNT)
                .getPayload()
                .get("appId"))
        .isEqualTo(KoreSimulator.CLIENT_ID);
    assertThat(
            KoreTokenCheck.read(toSecond.getHeader("auth"), KoreSimulator.SECOND_ACCOUNT)
                .getPayload()
                .get("appId"))
        .isEqualTo(KoreSimulator.SECOND_ACCOUNT.clientId());
  }

  @Test
  void a_wrong_secret_is_kore_auth_failed_after_one_renewed_retry() throws Exception {
    String eventId =
        kafka.sendSample(REQUESTS, forTenant(BridgeTestEnvironment.WRONG_SECRET_TENANT));

    JsonNode failed = jsonOf(kafka.awaitOutcome(DEAD_LETTER, eventId));
    assertThat(failed.path("reason").asText()).isEqualTo("KORE_AUTH_FAILED");
    assertThat(failed.path("httpStatus").asInt()).isEqualTo(401);
    assertThat(failed.path("attempts").asInt()).isEqualTo(2);
    assertThat(failed.path("error").asText())
        .contains("'" + BridgeTestEnvironment.WRONG_SECRET_TENANT + "'")
        .contains(KoreSimulator.CLIENT_ID)
        .doesNotContain(BridgeTestEnvironment.WRONG_SECRET);
    List<LoggedRequest> calls = kore.campaignRequests();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).getHeader("auth"))
        .as("the retry carries a newly signed token")
        .isNotEqualTo(calls.get(1).getHeader("auth"));
    assertThat(kafka.readAll(RESULTS, withEventId(eventId), Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void an_expired_token_is_renewed_and_the_retry_creates_the_campaign() throws Exception {
    jsonOf(kafka.awaitOutcome(RESULTS, kafka.sendSample(REQUESTS, forTenant("default"))));
    String cached = kore.campaignRequests().get(0).getHeader("auth");
    kore.expireTokensSeenSoFar();

    String eventId = kafka.sendSample(REQUESTS, forTenant("default"));

    JsonNode created = jsonOf(kafka.awaitOutcome(RESULTS, eventId));
    assertThat(created.path("attempts").asInt()).isEqualTo(2);
    List<LoggedRequest> calls = kore.campaignRequests();
    assertThat(calls).hasSize(3);
    assertThat(calls.get(1).getHeader("auth")).isEqualTo(cached);
    String renewed = calls.get(2).getHeader("auth");
    assertThat(renewed).isNotEqualTo(cached);
    assertThat(KoreTokenCheck.problem(renewed, KoreSimulator.DEFAULT_ACCOUNT, Set.of())).isNull();
    assertThat(kafka.readAll(DEAD_LETTER, withEventId(eventId), Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void a_pre_issued_jwt_is_sent_as_configured() throws Exception {
    String eventId = kafka.sendSample(REQUESTS, forTenant(BridgeTestEnvironment.PRE_ISSUED_TENANT));

    assertThat(jsonOf(kafka.awaitOutcome(RESULTS, eventId)).path("outcome").asText())
        .isEqualTo("CREATED");
    assertThat(kore.campaignRequests().get(0).getHeader("auth")).isEqualTo(KoreSimulator.JWT);
  }

  private LoggedRequest callTo(KoreSimulator.Account account) {
    List<LoggedRequest> calls =
        kore.campaignRequests().stream()
            .filter(call -> account.accountId().equals(call.getHeader("accountid")))
            .toList();
    assertThat(calls).as("calls to %s", account).hasSize(1);
    return calls.get(0);
  }
}
