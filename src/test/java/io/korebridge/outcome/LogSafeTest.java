package io.korebridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogSafeTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of(
            "escapes_cr_and_lf_so_a_value_cannot_start_a_new_log_line",
            "e1\r\n2026-12-01 08:00:00 INFO outcome=CREATED",
            "e1\\r\\n2026-12-01 08:00:00 INFO outcome=CREATED"),
        Arguments.of(
            "escapes_other_control_characters_and_unicode_line_separators",
            "a\u0000b\u001b[31mc\u2028d\u0085e\tf",
            "a\\u0000b\\u001b[31mc\\u2028d\\u0085e\\tf"),
        Arguments.of("escapes_backslashes_so_an_escape_cannot_be_faked", "a\\nb", "a\\\\nb"),
        Arguments.of(
            "keeps_ordinary_text_and_paired_surrogates_as_they_are",
            "Kampagne 😀 ü",
            "Kampagne 😀 ü"),
        Arguments.of("keeps_ordinary_text_and_paired_surrogates_as_they_are", null, "null"),
        Arguments.of("escapes_a_lone_surrogate", "a\ud800b", "a\\ud800b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void a_value_is_logged_on_one_line_with_every_special_character_escaped(
      String behaviour, String value, String logged) {
    assertThat(LogSafe.value(value)).isEqualTo(logged);
  }

  @Test
  void truncates_to_one_hundred_twenty_eight_characters_with_an_ellipsis() {
    String safe = LogSafe.value("x".repeat(900_000));

    assertThat(safe).hasSize(128).endsWith(OutcomeCaps.ELLIPSIS);
  }
}
