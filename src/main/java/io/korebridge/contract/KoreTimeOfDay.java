package io.korebridge.contract;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the times CRMs write ("09:00", "9:00", "9:00 AM", "09:00 am") and writes Kore's "9:00 AM".
 */
public final class KoreTimeOfDay {

  private static final DateTimeFormatter TWENTY_FOUR_HOUR = DateTimeFormatter.ofPattern("H:mm");
  private static final DateTimeFormatter TWELVE_HOUR =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("h:mm a")
          .toFormatter(Locale.US);
  private static final DateTimeFormatter KORE = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

  private KoreTimeOfDay() {}

  public static Optional<LocalTime> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    for (DateTimeFormatter format : new DateTimeFormatter[] {TWENTY_FOUR_HOUR, TWELVE_HOUR}) {
      try {
        return Optional.of(LocalTime.parse(trimmed, format));
      } catch (DateTimeParseException notThisFormat) {
        // try the next accepted form
      }
    }
    return Optional.empty();
  }

  public static String format(LocalTime time) {
    return KORE.format(time);
  }
}
