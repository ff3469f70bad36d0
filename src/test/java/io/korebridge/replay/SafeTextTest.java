package io.korebridge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTextTest {

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of(
            "leaves_ordinary_text_alone", "0b6f7c1e-acme Zürich ✓ 日本", "0b6f7c1e-acme Zürich ✓ 日本"),
        Arguments.of("leaves_ordinary_text_alone", null, "null"),
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
  @MethodSource("texts")
  void a_text_is_shown_with_every_control_and_deceptive_character_escaped(
      String behaviour, String text, String shown) {
    assertThat(SafeText.of(text)).isEqualTo(shown);
  }

  @Test
  void cuts_long_values_and_says_how_much_is_left_out() {
    assertThat(SafeText.of("x".repeat(200))).isEqualTo("x".repeat(128) + "...[72 more]");
    assertThat(SafeText.of("x".repeat(128))).isEqualTo("x".repeat(128));
    assertThat(SafeText.of("\u001b".repeat(5), 2)).isEqualTo("\\u{1B}\\u{1B}...[3 more]");
  }
}
