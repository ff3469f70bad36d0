package io.korebridge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void leaves_ordinary_text_alone() {
    assertThat(SafeText.of("0b6f7c1e-acme Zürich ✓ 日本")).isEqualTo("0b6f7c1e-acme Zürich ✓ 日本");
    assertThat(SafeText.of(null)).isEqualTo("null");
  }

  @Test
  void escapes_c0_c1_and_del_controls() {
    assertThat(SafeText.of("a\u001b[31mb\rc\nd\te\u007ff\u0085g\u009bh"))
        .isEqualTo("a\\u{1B}[31mb\\u{D}c\\u{A}d\\u{9}e\\u{7F}f\\u{85}g\\u{9B}h");
  }

  @Test
  void escapes_bidi_overrides_isolates_and_line_separators() {
    assertThat(SafeText.of("x\u202ey\u2066z\u200f\u2028\u2029"))
        .isEqualTo("x\\u{202E}y\\u{2066}z\\u{200F}\\u{2028}\\u{2029}");
  }

  @Test
  void doubles_backslashes_so_an_escape_cannot_be_faked() {
    assertThat(SafeText.of("\\u{1B}")).isEqualTo("\\\\u{1B}");
  }

  @Test
  void escapes_a_lone_surrogate_and_keeps_a_pair() {
    assertThat(SafeText.of("a\ud800b\ud83d\ude00")).isEqualTo("a\\u{D800}b\ud83d\ude00");
  }

  @Test
  void cuts_long_values_and_says_how_much_is_left_out() {
    assertThat(SafeText.of("x".repeat(200))).isEqualTo("x".repeat(128) + "...[72 more]");
    assertThat(SafeText.of("x".repeat(128))).isEqualTo("x".repeat(128));
    assertThat(SafeText.of("\u001b".repeat(5), 2)).isEqualTo("\\u{1B}\\u{1B}...[3 more]");
  }
}
