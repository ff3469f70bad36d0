package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

  @Test
  void masks_international_numbers_keeping_the_last_two_digits() {
    assertThat(PhoneNumbers.mask("callerId +919860712345 is not verified"))
        .isEqualTo("callerId +**********45 is not verified");
    assertThat(PhoneNumbers.mask("call +1 415-555-0132 now")).isEqualTo("call +* ***-***-**32 now");
  }

  @Test
  void masks_bare_national_numbers_of_ten_digits_or_more() {
    assertThat(PhoneNumbers.mask("to 9860712345.")).isEqualTo("to ********45.");
  }

  @Test
  void leaves_ids_times_and_small_numbers_alone() {
    String text =
        "eventId=0b6f7c1e-3c1a-4e4b-9d7e-2f1a6c0d9e11 at 2026-11-27T10:51:34.971Z offset=42"
            + " HTTP 400 campaignId=cd-e7110489-1234567890ab";
    assertThat(PhoneNumbers.mask(text)).isEqualTo(text);
  }

  @Test
  void log_filter_masks_the_formatted_message_and_keeps_the_record() {
    ExtLogRecord record =
        new ExtLogRecord(
            Level.INFO, "Kore said: {0}", ExtLogRecord.FormatStyle.MESSAGE_FORMAT, "x");
    record.setParameters(new Object[] {"invalid callerId +919860712345"});

    assertThat(new MaskPhoneNumbersFilter().isLoggable(record)).isTrue();
    assertThat(record.getFormattedMessage())
        .isEqualTo("Kore said: invalid callerId +**********45")
        .doesNotContain("9860712345");
  }
}
