package io.korebridge.contract;

import java.util.regex.Pattern;

/**
 * What a tenant name may be, in events and in configuration alike: lowercase ASCII letters and
 * digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters. Nothing is
 * trimmed or case-folded: a name is either exactly valid or refused, so one name means one tenant.
 */
public final class TenantName {

  /** The schema's pattern for {@code tenant} (searched, as JSON Schema does). */
  static final String SCHEMA_PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$";

  static final String MESSAGE =
      "must be a tenant name: lowercase letters, digits, '.', '_' or '-', starting with a letter"
          + " or digit, at most 64 characters";

  // matches() on the whole text: a JDK '$' also accepts a final line break, this does not.
  private static final Pattern WHOLE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern AS_SCHEMA = Pattern.compile(SCHEMA_PATTERN);

  private TenantName() {}

  public static boolean isValid(String name) {
    return name != null && WHOLE.matcher(name).matches();
  }

  /** True when the schema's own search accepts what the whole-text rule refuses. */
  static boolean passesSchemaOnly(String name) {
    return !isValid(name) && name.length() <= 80 && AS_SCHEMA.matcher(name).find();
  }
}
