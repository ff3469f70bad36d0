package io.korebridge.auth;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.Samples.forTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.CapturedLogs;
import io.korebridge.testsupport.HttpsKoreProfile;
import io.korebridge.testsupport.KoreSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full run over HTTPS (the simulator's self-signed certificate, trusted through {@code
 * kore.tls.trust-store-path}) with the root logger at DEBUG and Camel's message tracer on (headers
 * and body of every step): no client secret and no token may appear in any log line or outcome.
 */
@QuarkusTest
@TestProfile(SecretLeakTest.HttpsAndDebugLogging.class)
class SecretLeakTest extends BridgeIntegrationTest {

  public static class HttpsAndDebugLogging extends HttpsKoreProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // Every logger at DEBUG, and Camel's message tracer printing each step's headers and body.
      return Map.of("quarkus.log.level", "DEBUG", "camel.main.tracing", "true");
    }
  }

  private final CapturedLogs logs = new CapturedLogs();

  @BeforeEach
  void captureLogs() {
    logs.start();
  }

  @AfterEach
  void stopCapturing() {
    logs.stop();
  }

  @Test
  void no_secret_or_token_reaches_a_log_line_or_an_outcome() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> outcomes = new ArrayList<>();
    outcomes.add(kafka.awaitOutcome(RESULTS, kafka.sendSample(REQUESTS, forTenant("default"))));
    kore.expireTokensSeenSoFar();
    outcomes.add(kafka.awaitOutcome(RESULTS, kafka.sendSample(REQUESTS, forTenant("default"))));
    outcomes.add(
        kafka.awaitOutcome(
            DEAD_LETTER,
            kafka.sendSample(REQUESTS, forTenant(BridgeTestEnvironment.WRONG_SECRET_TENANT))));

    List<LoggedRequest> calls = kore.campaignRequests();
    assertThat(calls)
        .hasSize(5)
        .allSatisfy(call -> assertThat(call.getAbsoluteUrl()).startsWith("https://"));
    List<String> secrets = new ArrayList<>();
    secrets.add(KoreSimulator.CLIENT_SECRET);
    secrets.add(KoreSimulator.SECOND_ACCOUNT.clientSecret());
    secrets.add(BridgeTestEnvironment.WRONG_SECRET);
    calls.forEach(call -> secrets.add(call.getHeader("auth")));
    // The signature alone is secret enough: a token must not leak in pieces either.
    calls.forEach(call -> secrets.add(signatureOf(call.getHeader("auth"))));

    List<String> lines = logs.records().stream().map(SecretLeakTest::text).toList();
    assertThat(logs.records())
        .as("DEBUG lines of Camel were captured, so the check below means something")
        .anyMatch(
            record ->
                record.getLevel().intValue() <= Level.FINE.intValue()
                    && record.getLoggerName().startsWith("org.apache.camel"));
    assertThat(lines).as("%d captured log lines", lines.size()).isNotEmpty();
    assertThat(lines)
        .as("the tracer printed the headers of the Kore call, auth among them")
        .anyMatch(
            line ->
                line.contains("Exchange[Id: ")
                    && line.contains("accountid=")
                    && line.contains("auth="));
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
      assertThat(outcomes)
          .noneMatch(record -> new String(record.value(), StandardCharsets.UTF_8).contains(secret));
    }
  }

  private static String signatureOf(String token) {
    return token.substring(token.lastIndexOf('.') + 1);
  }

  private static String text(LogRecord record) {
    StringBuilder text = new StringBuilder(record.getLoggerName()).append(' ');
    text.append(
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
    if (record.getParameters() != null) {
      for (Object parameter : record.getParameters()) {
        text.append(' ').append(parameter);
      }
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      text.append(' ').append(trace);
    }
    return text.toString();
  }
}
