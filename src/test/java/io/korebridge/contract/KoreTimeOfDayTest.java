package io.korebridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KoreTimeOfDayTest {

  @ParameterizedTest
  @CsvSource({
    "09:00, 9:00 AM",
    "9:00, 9:00 AM",
    "9:00 AM, 9:00 AM",
    "09:00 am, 9:00 AM",
    "18:00, 6:00 PM",
    "6:30 pm, 6:30 PM",
    "00:00, 12:00 AM",
    "12:15, 12:15 PM"
  })
  void writes_accepted_forms_in_kore_form(String given, String kore) {
    assertThat(KoreTimeOfDay.parse(given).map(KoreTimeOfDay::format)).contains(kore);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9", "25:00", "9:60", "13:00 PM", "nine", "9.00"})
  void rejects_other_forms(String given) {
    assertThat(KoreTimeOfDay.parse(given)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"09:00, 9, 0", "6:45 PM, 18, 45"})
  void reads_the_time_it_names(String given, int hour, int minute) {
    assertThat(KoreTimeOfDay.parse(given)).contains(LocalTime.of(hour, minute));
  }
}
