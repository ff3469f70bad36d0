package io.korebridge.ops;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks phone numbers in free text (log lines): international numbers ({@code +} and 7 to 15
 * digits, spaces, dots or dashes allowed between digit groups) and bare runs of 10 to 15 digits.
 * All but the last two digits become {@code *}.
 */
public final class PhoneNumbers {

  private static final Pattern PHONE =
      Pattern.compile("\\+\\d(?:[ .\\-]?\\d){6,14}(?!\\d)|(?<![\\w.\\-])\\d{10,15}(?![\\w\\-])");
  private static final int KEPT_DIGITS = 2;

  private PhoneNumbers() {}

  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher matcher = PHONE.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      matcher.appendReplacement(out, Matcher.quoteReplacement(masked(matcher.group())));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
  }

  private static String masked(String number) {
    int digits = (int) number.chars().filter(Character::isDigit).count();
    StringBuilder out = new StringBuilder(number.length());
    int seen = 0;
    for (char c : number.toCharArray()) {
      if (Character.isDigit(c)) {
        seen++;
        out.append(seen > digits - KEPT_DIGITS ? c : '*');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
