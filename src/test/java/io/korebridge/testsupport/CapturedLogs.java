package io.korebridge.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record of the JVM between {@link #start} and {@link #stop}, at every level, for tests
 * that read the service's logs. Called from the test's own before/after methods, which a
 * {@code @QuarkusTest} runs on the instance it tests with.
 */
public final class CapturedLogs extends Handler {

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  /** The records captured so far, oldest first. */
  public List<LogRecord> records() {
    return records;
  }

  public void start() {
    records.clear();
    setLevel(Level.ALL);
    Logger.getLogger("").addHandler(this);
  }

  public void stop() {
    Logger.getLogger("").removeHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
