package io.korebridge.kore;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.CampaignRequestEvent;
import io.korebridge.contract.FailureReason;
import io.korebridge.contract.TenantName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

/**
 * The Kore tenants this bridge knows, by the name an event's {@code tenant} field uses. Built
 * before Camel starts, so that an incomplete tenant or a weak secret stops the service before it
 * consumes anything.
 */
@ApplicationScoped
public class KoreTenants {

  /** HS256 needs a key of at least 256 bits. */
  static final int MIN_SECRET_BYTES = 32;

  private static final String TOP = "kore.";

  private static final Logger LOG = Logger.getLogger(KoreTenants.class);

  private final Map<String, KoreTenant> byName;

  public KoreTenants(KoreConfig config) {
    Map<String, KoreTenant> tenants = new TreeMap<>();
    KoreConfig.TenantSettings top = config.defaults();
    KoreConfig.NamedTenant namedDefault = config.tenants().get(CampaignRequestEvent.DEFAULT_TENANT);
    if (namedDefault != null || isSet(top)) {
      String name = CampaignRequestEvent.DEFAULT_TENANT;
      tenants.put(name, build(name, config, namedDefault, TOP));
    }
    config.tenants().keySet().stream()
        .filter(name -> !name.equals(CampaignRequestEvent.DEFAULT_TENANT))
        .forEach(
            name ->
                tenants.put(
                    name,
                    build(
                        name,
                        config,
                        config.tenants().get(name),
                        "kore.tenants.\"" + name + "\".")));
    tenants.keySet().stream()
        .filter(name -> !TenantName.isValid(name))
        .findFirst()
        .ifPresent(
            name -> {
              throw new IllegalStateException(
                  "Kore tenant name '"
                      + name
                      + "' is not a tenant name: lowercase letters, digits, '.', '_' or '-',"
                      + " starting with a letter or digit, at most 64 characters (events could"
                      + " never name it)");
            });
    if (tenants.isEmpty()) {
      throw new IllegalStateException(
          "no Kore tenant is configured: set kore.stream-id, kore.account-id, kore.iid,"
              + " kore.client-id and kore.client-secret (or kore.tenants.\"<name>\".*)");
    }
    this.byName = Collections.unmodifiableMap(tenants);
    List<String> insecure = insecureTenants(tenants.values(), config.allowInsecureHttp());
    if (!insecure.isEmpty()) {
      LOG.warnf(
          "Kore tenant(s) %s are called over plain http:// to a non-loopback host: tokens and"
              + " campaigns travel unencrypted (kore.allow-insecure-http=true)",
          insecure);
    }
  }

  /**
   * The tenants whose Kore calls would go unencrypted over the network; without {@code
   * allowInsecureHttp} any such tenant stops start-up: a token is never sent in clear text by
   * accident.
   */
  static List<String> insecureTenants(Collection<KoreTenant> tenants, boolean allowInsecureHttp) {
    List<String> insecure = new ArrayList<>();
    for (KoreTenant tenant : tenants) {
      if (tenant.insecureTransport()) {
        if (!allowInsecureHttp) {
          throw new IllegalStateException(
              "Kore tenant '"
                  + tenant.name()
                  + "' has base-url "
                  + tenant.baseUrl()
                  + ": plain http:// is allowed only to loopback hosts (localhost, 127.0.0.0/8,"
                  + " ::1); use https:// or set kore.allow-insecure-http=true");
        }
        insecure.add(tenant.name());
      }
    }
    return insecure;
  }

  /** Observing this event makes the container build the bean, and check its settings, first. */
  void checkBeforeCamelStarts(@Observes BeforeStart camelStarting) {}

  public boolean isConfigured(String name) {
    return byName.containsKey(name);
  }

  public Collection<KoreTenant> all() {
    return byName.values();
  }

  public KoreTenant resolve(String name) {
    KoreTenant tenant = byName.get(name);
    if (tenant == null) {
      throw new CampaignFailedException(
          FailureReason.UNKNOWN_TENANT, "tenant '" + name + "' is not configured");
    }
    return tenant;
  }

  private static KoreTenant build(
      String name, KoreConfig config, KoreConfig.NamedTenant own, String prefix) {
    KoreConfig.TenantSettings top = config.defaults();
    Settings settings = new Settings(name, prefix, own, top);
    // Credentials come as a unit: a tenant with any credential key of its own inherits none.
    boolean ownCredentials = own != null && hasCredentials(own);
    KoreConfig.TenantSettings credentials = ownCredentials ? own : top;
    String credentialPrefix = ownCredentials ? prefix : TOP;
    String clientId = credentials.clientId().orElse(null);
    String clientSecret =
        secret(
            credentials.clientSecret(),
            credentials.clientSecretFile(),
            credentialPrefix + "client-secret");
    String jwt = secret(credentials.jwt(), credentials.jwtFile(), credentialPrefix + "jwt");
    if (clientSecret != null && clientId == null) {
      throw incomplete(name, credentialPrefix + "client-id");
    }
    if (clientId != null && clientSecret == null) {
      throw incomplete(name, credentialPrefix + "client-secret");
    }
    if (clientSecret == null && jwt == null) {
      throw new IllegalStateException(
          "Kore tenant '"
              + name
              + "' has no credentials: set "
              + credentialPrefix
              + "client-id and "
              + credentialPrefix
              + "client-secret (or "
              + credentialPrefix
              + "jwt)");
    }
    if (clientSecret != null) {
      int length = clientSecret.getBytes(StandardCharsets.UTF_8).length;
      if (length < MIN_SECRET_BYTES) {
        throw new IllegalStateException(
            credentialPrefix
                + "client-secret of Kore tenant '"
                + name
                + "' is "
                + length
                + " bytes long; HS256 needs at least "
                + MIN_SECRET_BYTES
                + " bytes (256 bits)");
      }
      jwt = null;
    }
    return new KoreTenant(
        name,
        own == null ? config.baseUrl() : own.baseUrl().orElse(config.baseUrl()),
        own == null ? config.campaignPath() : own.campaignPath().orElse(config.campaignPath()),
        settings.required("stream-id", KoreConfig.TenantSettings::streamId),
        settings.required("account-id", KoreConfig.TenantSettings::accountId),
        settings.required("iid", KoreConfig.TenantSettings::iid),
        clientSecret == null ? null : clientId,
        clientSecret,
        jwt);
  }

  private static boolean isSet(KoreConfig.TenantSettings settings) {
    return settings.streamId().isPresent()
        || settings.accountId().isPresent()
        || settings.iid().isPresent()
        || hasCredentials(settings);
  }

  private static boolean hasCredentials(KoreConfig.TenantSettings settings) {
    return settings.clientId().isPresent()
        || settings.clientSecret().isPresent()
        || settings.clientSecretFile().isPresent()
        || settings.jwt().isPresent()
        || settings.jwtFile().isPresent();
  }

  /** A secret given either as {@code key} or as a file named by {@code key-file}, not both. */
  private static String secret(Optional<String> value, Optional<String> fileName, String key) {
    if (value.isPresent() && fileName.isPresent()) {
      throw new IllegalStateException("set only one of " + key + " and " + key + "-file");
    }
    if (fileName.isPresent()) {
      Path file = Path.of(fileName.get());
      try {
        // Secret files usually end with a newline that is not part of the secret.
        String content = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (content.isEmpty()) {
          throw new IllegalStateException(key + "-file " + file + " is empty");
        }
        return content;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read " + key + "-file " + file + ": " + e.getMessage(), e);
      }
    }
    return value.orElse(null);
  }

  private static IllegalStateException incomplete(String tenant, String key) {
    return new IllegalStateException("Kore tenant '" + tenant + "' is incomplete: set " + key);
  }

  /** A tenant's own value for a key, else the top-level one. */
  private record Settings(
      String name, String prefix, KoreConfig.TenantSettings own, KoreConfig.TenantSettings top) {

    String required(String key, Function<KoreConfig.TenantSettings, Optional<String>> value) {
      Optional<String> found = own == null ? Optional.empty() : value.apply(own);
      return found
          .or(() -> value.apply(top))
          .orElseThrow(
              () ->
                  incomplete(
                      name,
                      prefix.equals(TOP)
                          ? TOP + key
                          : prefix + key + " (or " + TOP + key + " for every tenant)"));
    }
  }
}
