package io.korebridge.testsupport;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana variable query) selects. Enough of PromQL for
 * dashboards: strings, label matchers, ranges, grouping clauses, numbers and Grafana variables are
 * removed first, so that what remains are functions (followed by a parenthesis), keywords and
 * metric names.
 */
public final class PromQlMetricNames {

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile(
          "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?\\w+");
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w:])(?:0x[0-9a-fA-F]+|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "inf",
          "nan");
  private static final Pattern LABEL_VALUES_OF_ALL =
      Pattern.compile("^\\s*label_values\\s*\\(\\s*[A-Za-z_]\\w*\\s*\\)\\s*$");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*[A-Za-z_]\\w*\\s*\\)\\s*$", Pattern.DOTALL);

  private PromQlMetricNames() {}

  /** The metric names selected by a PromQL expression. */
  public static Set<String> in(String expression) {
    String rest = STRING.matcher(expression).replaceAll(" ");
    rest = GRAFANA_VARIABLE.matcher(rest).replaceAll(" ");
    rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    rest = OFFSET.matcher(rest).replaceAll(" ");
    rest = NUMBER.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher token = IDENTIFIER.matcher(rest);
    while (token.find()) {
      boolean function = token.group(1) != null;
      String word = token.group().replaceAll("[\\s(]", "");
      if (!function && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
        names.add(word);
      }
    }
    return names;
  }

  /**
   * The metric names of a Grafana Prometheus variable query: {@code label_values(<selector>,
   * <label>)} selects from its first argument, {@code label_values(<label>)} from no metric in
   * particular, anything else is PromQL.
   */
  public static Set<String> inVariableQuery(String query) {
    if (LABEL_VALUES_OF_ALL.matcher(query).matches()) {
      return new TreeSet<>();
    }
    Matcher labelValues = LABEL_VALUES.matcher(query);
    return in(labelValues.matches() ? labelValues.group(1) : query);
  }
}
