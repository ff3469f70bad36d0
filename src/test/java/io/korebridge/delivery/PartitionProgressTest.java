package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

  private final PartitionProgress<String> progress = new PartitionProgress<>();

  @Test
  void never_offers_a_commit_past_an_unfinished_record() {
    progress.taken(10, "a");
    progress.taken(11, "b");
    progress.taken(12, "c");
    progress.done(11);
    progress.done(12);
    assertThat(progress.toCommit()).as("10 is still running").isEmpty();
    progress.done(10);
    assertThat(progress.toCommit()).hasValue(13);
  }

  @Test
  void offers_the_offset_of_the_first_unfinished_record() {
    progress.taken(5, "a");
    progress.taken(6, "b");
    progress.taken(7, "c");
    progress.done(5);
    progress.done(7);
    assertThat(progress.toCommit()).hasValue(6);
    assertThat(progress.unfinished()).containsExactly("b");
  }

  @Test
  void a_commit_in_flight_is_not_offered_twice_and_a_failed_one_is_offered_again() {
    progress.taken(0, "a");
    progress.done(0);
    assertThat(progress.toCommit()).hasValue(1);
    assertThat(progress.toCommit()).isEmpty();
    progress.commitFailed(1);
    assertThat(progress.toCommit()).hasValue(1);
  }

  @Test
  void a_successful_commit_forgets_the_records_below_it() {
    progress.taken(0, "a");
    progress.taken(1, "b");
    progress.taken(2, "c");
    progress.done(0);
    progress.done(1);
    assertThat(progress.toCommit()).hasValue(2);
    assertThat(progress.committed(2)).isEqualTo(2);
    assertThat(progress.size()).isEqualTo(1);
    assertThat(progress.toCommit()).isEmpty();
  }
}
