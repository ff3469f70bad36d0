package io.korebridge.kore;

import org.apache.camel.Converter;

/**
 * The value of Kore's {@code auth} header. It prints as a placeholder, so Camel's tracer, a {@code
 * ${headers}} log or an exception that lists the headers never shows the token; only the HTTP call
 * turns it into text, through Camel's type converter ({@link #toHeaderValue}).
 */
@Converter
public final class KoreAuthToken {

  static final String HIDDEN = "[auth token hidden]";

  private final String token;

  public KoreAuthToken(String token) {
    this.token = token;
  }

  /** The type converter the HTTP producer uses to write header values. */
  @Converter
  public static String toHeaderValue(KoreAuthToken auth) {
    return auth.token;
  }

  @Override
  public String toString() {
    return HIDDEN;
  }
}
