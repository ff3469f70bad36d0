package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.CapturedLogs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event cannot write its own log lines: CR, LF and ESC in every field the bridge logs (eventId
 * in the retry warning and the outcome line, tenant in the outcome line) come out escaped.
 */
@QuarkusTest
@TestProfile(FastRetriesProfile.class)
class LogInjectionTest extends BridgeIntegrationTest {

  private static final String FORGED = "\r\n2026-12-02 00:00:00,000 INFO  [forged] \u001b[31mok";

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
  void control_characters_in_logged_event_fields_are_escaped_in_every_line() {
    String marker = "inject-" + UUID.randomUUID();
    String eventId = marker + FORGED;
    // One 503: the retry warning names the event before it is created.
    kore.failNext(1, 503, Map.of(), 0);
    kafka.sendSample(REQUESTS, event -> event.put("eventId", eventId));
    kafka.awaitOutcome(RESULTS, eventId);
    String tenantMarker = "t" + UUID.randomUUID().toString().substring(0, 8);
    String invalidId = UUID.randomUUID().toString();
    kafka.sendSample(
        REQUESTS,
        event -> {
          event.put("eventId", invalidId);
          event.put("tenant", tenantMarker + FORGED);
        });
    kafka.awaitOutcome(DEAD_LETTER, invalidId);

    List<String> lines =
        logs.records().stream()
            .filter(r -> r.getLoggerName().startsWith("io.korebridge"))
            .map(LogInjectionTest::formatted)
            .filter(text -> text.contains(marker) || text.contains(tenantMarker))
            .toList();
    assertThat(lines)
        .as("the retry warning and both outcome lines were captured")
        .anyMatch(text -> text.startsWith("Kore call 1 for eventId=" + marker))
        .anyMatch(text -> text.contains("outcome=CREATED") && text.contains(marker))
        .anyMatch(text -> text.contains(tenantMarker));
    assertThat(lines)
        .allSatisfy(
            text ->
                assertThat(text)
                    .doesNotContain("\r")
                    .doesNotContain("\n")
                    .doesNotContain("\u001b")
                    .contains("\\r\\n2026-12-02 00:00:00,000 INFO  [forged] \\u001b[31mok"));
  }

  private static String formatted(LogRecord record) {
    return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
  }
}
