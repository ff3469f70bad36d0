package io.korebridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void escapes_cr_and_lf_so_a_value_cannot_start_a_new_log_line() {
    assertThat(LogSafe.value("e1\r\n2026-12-01 08:00:00 INFO outcome=CREATED"))
        .isEqualTo("e1\\r\\n2026-12-01 08:00:00 INFO outcome=CREATED");
  }

  @Test
  void escapes_other_control_characters_and_unicode_line_separators() {
    assertThat(LogSafe.value("a\u0000b\u001b[31mc\u2028d\u0085e\tf"))
        .isEqualTo("a\\u0000b\\u001b[31mc\\u2028d\\u0085e\\tf");
  }

  @Test
  void escapes_backslashes_so_an_escape_cannot_be_faked() {
    assertThat(LogSafe.value("a\\nb")).isEqualTo("a\\\\nb");
  }

  @Test
  void truncates_to_one_hundred_twenty_eight_characters_with_an_ellipsis() {
    String safe = LogSafe.value("x".repeat(900_000));

    assertThat(safe).hasSize(128).endsWith(OutcomeCaps.ELLIPSIS);
  }

  @Test
  void keeps_ordinary_text_and_paired_surrogates_as_they_are() {
    assertThat(LogSafe.value("Kampagne 😀 ü")).isEqualTo("Kampagne 😀 ü");
    assertThat(LogSafe.value(null)).isEqualTo("null");
  }

  @Test
  void escapes_a_lone_surrogate() {
    assertThat(LogSafe.value("a\ud800b")).isEqualTo("a\\ud800b");
  }
}
