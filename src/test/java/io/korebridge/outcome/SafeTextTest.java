package io.korebridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void for_log_escapes_cr_and_lf_so_a_value_cannot_start_a_new_log_line() {
    assertThat(SafeText.forLog("e1\r\n2026-12-01 08:00:00 INFO outcome=CREATED"))
        .isEqualTo("e1\\r\\n2026-12-01 08:00:00 INFO outcome=CREATED");
  }

  @Test
  void for_log_escapes_other_control_characters_and_unicode_line_separators() {
    assertThat(SafeText.forLog("a\u0000b\u001b[31mc\u2028d\u0085e\tf"))
        .isEqualTo("a\\u0000b\\u001b[31mc\\u2028d\\u0085e\\tf");
  }

  @Test
  void for_log_escapes_backslashes_so_an_escape_cannot_be_faked() {
    assertThat(SafeText.forLog("a\\nb")).isEqualTo("a\\\\nb");
  }

  @Test
  void for_log_truncates_to_one_hundred_twenty_eight_characters_with_an_ellipsis() {
    String safe = SafeText.forLog("x".repeat(900_000));

    assertThat(safe).hasSize(128).endsWith(OutcomeCaps.ELLIPSIS);
  }

  @Test
  void for_log_keeps_ordinary_text_and_paired_surrogates_as_they_are() {
    assertThat(SafeText.forLog("Kampagne 😀 ü")).isEqualTo("Kampagne 😀 ü");
    assertThat(SafeText.forLog(null)).isEqualTo("null");
  }

  @Test
  void for_log_escapes_a_lone_surrogate() {
    assertThat(SafeText.forLog("a\ud800b")).isEqualTo("a\\ud800b");
  }

  @Test
  void for_terminal_leaves_ordinary_text_alone() {
    assertThat(SafeText.forTerminal("0b6f7c1e-acme Zürich ✓ 日本"))
        .isEqualTo("0b6f7c1e-acme Zürich ✓ 日本");
    assertThat(SafeText.forTerminal(null)).isEqualTo("null");
  }

  @Test
  void for_terminal_escapes_c0_c1_and_del_controls() {
    assertThat(SafeText.forTerminal("a\u001b[31mb\rc\nd\te\u007ff\u0085g\u009bh"))
        .isEqualTo("a\\u{1B}[31mb\\u{D}c\\u{A}d\\u{9}e\\u{7F}f\\u{85}g\\u{9B}h");
  }

  @Test
  void for_terminal_escapes_bidi_overrides_isolates_and_line_separators() {
    assertThat(SafeText.forTerminal("x\u202ey\u2066z\u200f\u2028\u2029"))
        .isEqualTo("x\\u{202E}y\\u{2066}z\\u{200F}\\u{2028}\\u{2029}");
  }

  @Test
  void for_terminal_doubles_backslashes_so_an_escape_cannot_be_faked() {
    assertThat(SafeText.forTerminal("\\u{1B}")).isEqualTo("\\\\u{1B}");
  }

  @Test
  void for_terminal_escapes_a_lone_surrogate_and_keeps_a_pair() {
    assertThat(SafeText.forTerminal("a\ud800b\ud83d\ude00")).isEqualTo("a\\u{D800}b\ud83d\ude00");
  }

  @Test
  void for_terminal_cuts_long_values_and_says_how_much_is_left_out() {
    assertThat(SafeText.forTerminal("x".repeat(200))).isEqualTo("x".repeat(128) + "...[72 more]");
    assertThat(SafeText.forTerminal("x".repeat(128))).isEqualTo("x".repeat(128));
    assertThat(SafeText.forTerminal("\u001b".repeat(5), 2)).isEqualTo("\\u{1B}\\u{1B}...[3 more]");
  }
}
