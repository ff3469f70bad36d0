package io.korebridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OutcomeCapsTest {

  private static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBJZCI6ImNzLTEyMyIsInN1YiI6ImtvcmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  @Test
  void redacts_a_jwt_anywhere_in_a_text() {
    assertThat(OutcomeCaps.redactJwts("{\"auth\":\"" + JWT + "\",\"x\":1}"))
        .isEqualTo("{\"auth\":\"[redacted JWT]\",\"x\":1}");
    assertThat(OutcomeCaps.redactJwts("Bearer " + JWT)).isEqualTo("Bearer [redacted JWT]");
  }

  @Test
  void redacts_an_unsigned_jwt_with_an_empty_signature() {
    assertThat(OutcomeCaps.redactJwts("t=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))
        .isEqualTo("t=[redacted JWT]");
  }

  @Test
  void leaves_dotted_text_that_is_not_a_jwt() {
    String text = "version 1.2.3 of io.korebridge.kore, host api.kore.ai";
    assertThat(OutcomeCaps.redactJwts(text)).isEqualTo(text);
  }

  @Test
  void a_token_cut_by_the_body_cap_is_still_redacted() {
    String body = "p".repeat(OutcomeCaps.KORE_BODY_CHARS - 20) + JWT;

    String capped = OutcomeCaps.koreBody(body);

    assertThat(capped)
        .doesNotContain("eyJhbGci")
        .hasSizeLessThanOrEqualTo(OutcomeCaps.KORE_BODY_CHARS);
  }

  @Test
  void redacts_as_the_regex_it_replaces_did_on_generated_texts() {
    Pattern regex = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    String[] pieces = {"eyJ", "e", "y", "J", ".", "..", "a", "Z9", "-", "_", " ", "\"", "eyJx."};
    Random random = new Random(20);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String input = text.toString();
      assertThat(OutcomeCaps.redactJwts(input))
          .as("%s", input)
          .isEqualTo(regex.matcher(input).replaceAll("[redacted JWT]"));
    }
  }

  @Test
  void a_run_of_hundreds_of_kilobytes_of_eyj_is_scanned_in_linear_time() {
    // The former regex took minutes here: it retried from each of the 130,000 "eyJ"s.
    String run = "eyJ".repeat(130_000);
    String withToken = run + "." + run + "." + "x";

    String result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> OutcomeCaps.redactJwts(run + " " + run + "x " + withToken));

    assertThat(result).isEqualTo(run + " " + run + "x " + "[redacted JWT]");
  }

  @Test
  void cap_keeps_short_text_and_cuts_long_text_with_an_ellipsis() {
    assertThat(OutcomeCaps.cap("abc", 3)).isEqualTo("abc");
    assertThat(OutcomeCaps.cap("abcd", 3)).isEqualTo("ab…");
  }

  @Test
  void cap_never_splits_a_surrogate_pair() {
    String capped = OutcomeCaps.cap("ab😀cd", 4);

    assertThat(capped).isEqualTo("ab…");
  }

  @Test
  void whole_copies_an_id_within_the_cap_or_nothing() {
    assertThat(OutcomeCaps.whole("e".repeat(128), 128)).hasSize(128);
    assertThat(OutcomeCaps.whole("e".repeat(129), 128)).isNull();
  }
}
