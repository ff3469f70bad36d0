package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.outcome.Outcomes;
import org.junit.jupiter.api.Test;

class OutcomeTopicLimitsTest {

  @Test
  void a_topic_smaller_than_the_largest_outcome_is_a_problem_naming_both_fixes() {
    OutcomeTopicLimits.TopicVerdict verdict =
        OutcomeTopicLimits.judge("campaign-dead-letter", 1048588L, 1_900_000L, null);

    assertThat(verdict.problem())
        .contains("campaign-dead-letter")
        .contains("max.message.bytes=1048588")
        .contains("at least 1900000")
        .contains("campaign.outcome.max-bytes");
  }

  @Test
  void a_topic_that_fits_has_no_problem() {
    assertThat(OutcomeTopicLimits.judge("r", 4_194_304L, 1_900_000L, null).problem()).isNull();
  }

  @Test
  void a_topic_that_could_not_be_described_is_a_note_not_a_problem() {
    OutcomeTopicLimits.TopicVerdict verdict =
        OutcomeTopicLimits.judge("r", null, 10, "topic r does not exist yet");

    assertThat(verdict.problem()).isNull();
    assertThat(verdict.note()).contains("does not exist");
  }

  @Test
  void the_default_configuration_needs_about_one_point_nine_megabytes_on_the_dead_letter_topic() {
    long needed = Outcomes.largestDeadLetterBytes(1024 * 1024);

    // The README states this number; a change of a cap must change the README too.
    assertThat(needed).isEqualTo(1_868_202L);
  }
}
