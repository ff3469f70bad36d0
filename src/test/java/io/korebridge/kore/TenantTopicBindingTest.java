package io.korebridge.kore;

import static io.korebridge.testsupport.BridgeTestEnvironment.CRM_A_REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.CRM_B_REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.SECOND_TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Two CRMs on their own topics: each may use only the tenant bound to its topic. */
@QuarkusTest
@TestProfile(TenantTopicBindingTest.TwoCrmTopics.class)
class TenantTopicBindingTest extends BridgeIntegrationTest {

  public static class TwoCrmTopics implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "campaign.topics.requests",
          CRM_A_REQUESTS + "," + CRM_B_REQUESTS,
          "campaign.consumer.group-id",
          "tenant-topics-bridge",
          "kore.topics",
          CRM_A_REQUESTS,
          "kore.tenants.\"" + SECOND_TENANT + "\".topics",
          CRM_B_REQUESTS,
          "kore.require-tenant",
          "true");
    }
  }

  @Test
  void a_tenant_is_used_from_its_own_topic_and_refused_from_another_without_a_kore_call() {
    String allowed = send(CRM_B_REQUESTS, SECOND_TENANT, "b-allowed");
    String refused = send(CRM_A_REQUESTS, SECOND_TENANT, "a-refused");

    kafka.awaitOutcome(RESULTS, allowed);
    ConsumerRecord<byte[], byte[]> failed = kafka.awaitOutcome(DEAD_LETTER, refused);
    assertThat(new String(failed.value())).contains("\"reason\":\"TENANT_NOT_ALLOWED\"");
    assertThat(koreCallsNamed("a-refused")).isZero();
    assertThat(koreCallsNamed("b-allowed")).isOne();
  }

  @Test
  void an_event_without_a_tenant_is_refused_when_several_tenants_are_configured() {
    String eventId = UUID.randomUUID().toString();
    kafka.send(
        CRM_A_REQUESTS,
        eventId,
        Samples.request(
            eventId,
            event -> {
              event.remove("tenant");
              Samples.campaign(event).put("name", "no-tenant");
            }));

    ConsumerRecord<byte[], byte[]> failed = kafka.awaitOutcome(DEAD_LETTER, eventId);
    assertThat(new String(failed.value()))
        .contains("\"reason\":\"TENANT_NOT_ALLOWED\"")
        .contains("names no tenant");
    assertThat(koreCallsNamed("no-tenant")).isZero();
  }

  private String send(String topic, String tenant, String name) {
    return kafka.sendSample(
        topic,
        event -> {
          event.put("tenant", tenant);
          Samples.campaign(event).put("name", name);
        });
  }

  private long koreCallsNamed(String name) {
    return kore.campaignRequests().stream()
        .filter(r -> r.getBodyAsString().contains("\"name\":\"" + name + "\""))
        .count();
  }
}
