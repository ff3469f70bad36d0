package io.korebridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTextTest {

  static Stream<Arguments> logged() {
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
        Arguments.of("keeps_null_readable", null, "null"),
        Arguments.of("escapes_a_lone_surrogate", "a\ud800b", "a\\ud800b"));
  }

  static Stream<Arguments> printed() {
    return Stream.of(
        Arguments.of(
            "leaves_ordinary_text_alone", "0b6f7c1e-acme Zürich ✓ 日本", "0b6f7c1e-acme Zürich ✓ 日本"),
        Arguments.of("keeps_null_readable", null, "null"),
        Arguments.of(
            "escapes_c0_c1_and_del_controls",
            "a\u001b[31mb\rc\nd\te\u007ff\u0085g\u009bh",
            "a\\u{1B}[31mb\\u{D}c\\u{A}d\\u{9}e\\u{7F}f\\u{85}g\\u{9B}h"),
        Arguments.of(
            "escapes_bidi_overrides_isolates_and_line_separators",
            "x\u202ey\u2066z\u200f\u2028\u2029",
            "x\\u{202E}y\\u{2066}z\\u{200F}\\u{2028}\\u{2029}"),
        Arguments.of("doubles_backslashes_so_an_escape_cannot_be_faked", "\\u{1B}", "\\\\u{1B}"),
        Arguments.of(
            "escapes_a_lone_surrogate_and_keeps_a_pair",
            "a\ud800b\ud83d\ude00",
            "a\\u{D800}b\ud83d\ude00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logged")
  void for_log_writes_a_value_on_one_line_with_every_special_character_escaped(
      String behaviour, String value, String logged) {
    assertThat(SafeText.forLog(value)).isEqualTo(logged);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("printed")
  void for_terminal_prints_a_value_with_every_control_character_escaped(
      String behaviour, String value, String shown) {
    assertThat(SafeText.forTerminal(value)).isEqualTo(shown);
  }

  @Test
  void for_log_truncates_to_one_hundred_twenty_eight_characters_with_an_ellipsis() {
    String safe = SafeText.forLog("x".repeat(900_000));

    assertThat(safe).hasSize(128).endsWith(OutcomeCaps.ELLIPSIS);
  }

  @Test
  void for_terminal_cuts_long_values_and_says_how_much_is_left_out() {
    assertThat(SafeText.forTerminal("x".repeat(200))).isEqualTo("x".repeat(128) + "...[72 more]");
    assertThat(SafeText.forTerminal("x".repeat(128))).isEqualTo("x".repeat(128));
    assertThat(SafeText.forTerminal("\u001b".repeat(5), 2)).isEqualTo("\\u{1B}\\u{1B}...[3 more]");
  }
}
