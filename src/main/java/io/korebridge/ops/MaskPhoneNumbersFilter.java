package io.korebridge.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Console log filter ({@code quarkus.log.console.filter=mask-phone-numbers}): rewrites each
 * record's formatted message with phone numbers masked, in plain and JSON output alike, whichever
 * library wrote the line. Never drops a record.
 */
@LoggingFilter(name = "mask-phone-numbers")
public final class MaskPhoneNumbersFilter implements Filter {

  @Override
  public boolean isLoggable(LogRecord record) {
    String message =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    String masked = PhoneNumbers.mask(message);
    if (masked != null && !masked.equals(message)) {
      if (record instanceof ExtLogRecord ext) {
        ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
      } else {
        record.setMessage(masked);
      }
      record.setParameters(null);
    }
    return true;
  }
}
