package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.outcome.CampaignCreated;
import io.korebridge.testsupport.Samples;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ledger's in-memory index: expiry, its bound, its key, its compact entries. */
class CampaignLedgerIndexTest {

  private CallIntent intent(String eventId, int attempt) {
    return new CallIntent(
        "default",
        eventId,
        "Spring sale \u00e9t\u00e9",
        attempt,
        clock.instant().minusSeconds(30),
        clock.instant());
  }

  @Test
  void an_open_intent_is_answered_until_its_result_closes_it() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);
    index.putIntent(intent("e-1", 2), clock.millis());

    assertThat(index.getIntent("default", "e-1")).contains(intent("e-1", 2));
    assertThat(index.get("default", "e-1")).isEmpty();

    index.put(created("default", "e-1", "cd-1"), clock.millis());
    assertThat(index.getIntent("default", "e-1")).isEmpty();
    assertThat(index.openIntents()).isZero();
  }

  @Test
  void an_intent_replayed_after_its_result_does_not_reopen_it() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);
    index.put(created("default", "e-1", "cd-1"), clock.millis());

    assertThat(index.putIntent(intent("e-1", 1), clock.millis())).isFalse();
    assertThat(index.getIntent("default", "e-1")).isEmpty();
  }

  @Test
  void open_intents_are_bounded_and_expire_like_results() {
    LedgerIndex index = new LedgerIndex(RETENTION, 3, clock);
    for (int i = 1; i <= 5; i++) {
      index.putIntent(intent("e-" + i, 1), clock.millis());
    }
    assertThat(index.openIntents()).isEqualTo(3);
    assertThat(index.getIntent("default", "e-1")).isEmpty();
    assertThat(index.getIntent("default", "e-5")).isPresent();

    clock.advance(RETENTION);
    assertThat(index.getIntent("default", "e-5")).isEmpty();
    index.dropExpired();
    assertThat(index.openIntents()).isZero();
  }

  private static final Duration RETENTION = Duration.ofDays(7);

  private final LedgerTestClock clock = new LedgerTestClock(Instant.parse("2026-12-01T12:00:00Z"));

  @Test
  void an_entry_is_answered_with_what_its_duplicate_outcome_repeats() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);
    index.put(created("default", "e-1", "cd-1"), clock.millis());

    CampaignCreated found = index.get("default", "e-1").orElseThrow();

    assertThat(found.eventId()).isEqualTo("e-1");
    assertThat(found.tenant()).isEqualTo("default");
    assertThat(found.campaignId()).isEqualTo("cd-1");
    assertThat(found.campaignName()).isEqualTo("Campaign cd-1");
    assertThat(found.koreStatus()).isEqualTo("Ready");
    assertThat(found.experienceFlowId()).isEqualTo("cf-flow");
    assertThat(found.koreMessage()).isEqualTo("Campaign cd-1 creation in progress");
    assertThat(found.attempts()).isEqualTo(2);
    assertThat(found.processedAt()).isEqualTo(clock.instant().toString());
  }

  @Test
  void null_and_non_ascii_fields_survive_the_compact_entry() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);
    CampaignCreated outcome =
        new CampaignCreated(
            "é-1",
            "ténant",
            "cd-ü",
            "Kampagne – " + "x".repeat(300),
            null,
            null,
            null,
            1,
            false,
            null,
            null);
    index.put(outcome, clock.millis());

    CampaignCreated found = index.get("ténant", "é-1").orElseThrow();

    assertThat(found.campaignId()).isEqualTo("cd-ü");
    assertThat(found.campaignName()).isEqualTo(outcome.campaignName());
    assertThat(found.koreStatus()).isNull();
    assertThat(found.experienceFlowId()).isNull();
    assertThat(found.koreMessage()).isNull();
  }

  @Test
  void expired_entries_are_not_answered() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);
    index.put(created("default", "e-1", "cd-1"), clock.millis());

    clock.advance(RETENTION.minusSeconds(1));
    assertThat(index.get("default", "e-1")).isPresent();

    clock.advance(Duration.ofSeconds(1));
    assertThat(index.get("default", "e-1")).isEmpty();
    assertThat(index.size()).isZero();
  }

  @Test
  void records_older_than_the_retention_are_ignored_on_load() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);

    boolean kept =
        index.put(created("default", "e-1", "cd-1"), clock.millis() - RETENTION.toMillis() - 1);

    assertThat(kept).isFalse();
    assertThat(index.size()).isZero();
    assertThat(index.get("default", "e-1")).isEmpty();
  }

  @Test
  void expired_entries_are_dropped_oldest_first() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);
    index.put(created("default", "old", "cd-1"), clock.millis());
    clock.advance(Duration.ofDays(3));
    index.put(created("default", "young", "cd-2"), clock.millis());
    clock.advance(Duration.ofDays(5));

    assertThat(index.dropExpired()).isEqualTo(1);

    assertThat(index.size()).isEqualTo(1);
    assertThat(index.get("default", "young")).isPresent();
  }

  @Test
  void beyond_its_bound_the_oldest_entries_are_evicted_first() {
    LedgerIndex index = new LedgerIndex(RETENTION, 3, clock);
    for (int i = 1; i <= 5; i++) {
      index.put(created("default", "e-" + i, "cd-" + i), clock.millis());
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(index.size()).isEqualTo(3);
    assertThat(index.get("default", "e-1")).isEmpty();
    assertThat(index.get("default", "e-2")).isEmpty();
    assertThat(index.get("default", "e-3")).isPresent();
    assertThat(index.get("default", "e-5")).isPresent();
    assertThat(index.evictedBeforeExpiry()).isEqualTo(2);
  }

  @Test
  void a_rewritten_entry_counts_as_young_for_eviction() {
    LedgerIndex index = new LedgerIndex(RETENTION, 2, clock);
    index.put(created("default", "e-1", "cd-1"), clock.millis());
    index.put(created("default", "e-2", "cd-2"), clock.millis());
    index.put(created("default", "e-1", "cd-1"), clock.millis());

    index.put(created("default", "e-3", "cd-3"), clock.millis());

    assertThat(index.get("default", "e-1")).isPresent();
    assertThat(index.get("default", "e-2")).isEmpty();
  }

  @Test
  void tenant_a_slash_b_with_event_c_is_not_tenant_a_with_event_b_slash_c() {
    LedgerIndex index = new LedgerIndex(RETENTION, 10, clock);
    index.put(created("a/b", "c", "cd-first"), clock.millis());

    assertThat(index.get("a", "b/c")).isEmpty();
    index.put(created("a", "b/c", "cd-second"), clock.millis());

    assertThat(index.get("a/b", "c").orElseThrow().campaignId()).isEqualTo("cd-first");
    assertThat(index.get("a", "b/c").orElseThrow().campaignId()).isEqualTo("cd-second");
    assertThat(LedgerKey.recordKey("a/b", "c")).isNotEqualTo(LedgerKey.recordKey("a", "b/c"));
  }

  @Test
  void the_record_key_is_length_prefixed_and_reads_back() {
    assertThat(LedgerKey.recordKey("a/b", "c")).isEqualTo("3:a/b/c");
    assertThat(LedgerKey.recordKey("a", "b/c")).isEqualTo("1:a/b/c");
    assertThat(LedgerKey.parseRecordKey("3:a/b/c"))
        .hasValueSatisfying(key -> assertThat(key).containsExactly("a/b", "c"));
    assertThat(LedgerKey.parseRecordKey("1:a/b/c"))
        .hasValueSatisfying(key -> assertThat(key).containsExactly("a", "b/c"));
  }

  @Test
  void an_old_form_record_key_is_not_mistaken_for_a_new_one() {
    assertThat(LedgerKey.parseRecordKey("default/0b6f7c1e")).isEmpty();
    assertThat(LedgerKey.parseRecordKey("a:b/c")).isEmpty();
    assertThat(LedgerKey.parseRecordKey("9:a/b")).isEmpty();
  }

  private CampaignCreated created(String tenant, String eventId, String campaignId) {
    return Samples.createdCampaign(tenant, eventId, campaignId, 2, clock.instant());
  }
}
