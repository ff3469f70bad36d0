package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

  private final PartitionProgress<String> progress = new PartitionProgress<>();

  @Test
  void never_offers_a_commit_past_an_unfinished_record() {
    taken(10, "a", "b", "c");
    done(11, 12);
    PartitionProgress.Commit commit = progress.toCommit().orElseThrow();
    assertThat(commit.offset()).as("10 is still running").isEqualTo(10);
    assertThat(commit.finishedAbove()).containsExactly(11L, 12L);
    progress.committed(10);
    progress.done(10);
    assertThat(progress.toCommit().orElseThrow().offset()).isEqualTo(13);
  }

  @Test
  void offers_the_offset_of_the_first_unfinished_record() {
    taken(5, "a", "b", "c");
    done(5, 7);
    assertThat(progress.toCommit().orElseThrow().offset()).isEqualTo(6);
    assertThat(progress.unfinished()).containsExactly("b");
  }

  @Test
  void a_commit_in_flight_is_not_offered_twice_and_a_failed_one_is_offered_again() {
    progress.taken(0, "a");
    progress.done(0);
    assertThat(progress.toCommit()).isPresent();
    assertThat(progress.toCommit()).isEmpty();
    progress.commitFailed();
    assertThat(progress.toCommit().orElseThrow().offset()).isEqualTo(1);
  }

  @Test
  void a_successful_commit_forgets_the_records_below_it_and_is_not_offered_again() {
    taken(0, "a", "b", "c");
    done(0, 1);
    assertThat(progress.toCommit().orElseThrow().offset()).isEqualTo(2);
    assertThat(progress.committed(2)).isEqualTo(2);
    assertThat(progress.size()).isEqualTo(1);
    assertThat(progress.toCommit()).isEmpty();
  }

  @Test
  void records_the_last_owner_finished_are_recognised_once() {
    progress.finishedBefore(Set.of(4L, 6L));
    assertThat(progress.wasFinishedBefore(4)).isTrue();
    assertThat(progress.wasFinishedBefore(4)).isFalse();
    assertThat(progress.wasFinishedBefore(5)).isFalse();
  }

  @Test
  void finished_offsets_above_the_watermark_survive_the_commit_metadata() {
    String metadata = FinishedAbove.encode(100, List.of(101L, 137L, 5000L));
    assertThat(FinishedAbove.decode(100, metadata)).containsExactly(101L, 137L, 5000L);
    assertThat(FinishedAbove.decode(100, "something else")).isEmpty();
    assertThat(FinishedAbove.decode(100, null)).isEmpty();
  }

  @Test
  void commit_metadata_stays_within_kafkas_default_limit() {
    List<Long> many = java.util.stream.LongStream.range(1, 100_000).boxed().toList();
    assertThat(FinishedAbove.encode(0, many).length()).isLessThanOrEqualTo(4096);
  }

  /** Takes {@code records} at consecutive offsets from {@code first}. */
  private void taken(long first, String... records) {
    for (int i = 0; i < records.length; i++) {
      progress.taken(first + i, records[i]);
    }
  }

  private void done(long... offsets) {
    for (long offset : offsets) {
      progress.done(offset);
    }
  }
}
