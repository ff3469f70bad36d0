package io.korebridge.kore;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.quarkus.main.events.BeforeStart;

/**
 * Kore's {@code auth} token per tenant: signed by the bridge from the tenant's client credentials
 * (HS256, {@code typ: JWT}, claims {@code appId} and {@code sub}, optionally {@code jti}, {@code
 * iat} and {@code exp}), kept and reused until shortly before its lifetime ends, or the tenant's
 * pre-issued JWT.
 */
@Singleton
public class KoreTokens {

  static final String APP_ID_CLAIM = "appId";

  private final Settings settings;
  private final Clock clock;
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  /** How tokens are made; see the {@code kore.token.*} keys. */
  public record Settings(
      String subject, boolean jti, Duration lifetime, boolean expiryClaims, Duration renewBefore) {

    public Settings {
      if (lifetime.isZero() || lifetime.isNegative()) {
        throw new IllegalStateException("kore.token.lifetime-seconds must be positive");
      }
      if (renewBefore.isNegative() || renewBefore.compareTo(lifetime) >= 0) {
        throw new IllegalStateException(
            "kore.token.renew-before-seconds must be at least 0 and less than"
                + " kore.token.lifetime-seconds");
      }
    }

    static Settings from(KoreConfig.Token token) {
      return new Settings(
          token.subject(),
          token.jti(),
          Duration.ofSeconds(token.lifetimeSeconds()),
          token.expiryClaims(),
          Duration.ofSeconds(token.renewBeforeSeconds()));
    }
  }

  private record Issued(String token, Instant renewAt) {}

  @Inject
  public KoreTokens(KoreConfig config) {
    this(Settings.from(config.token()), Clock.systemUTC());
  }

  public KoreTokens(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Observing this event makes the container build the bean, and check its settings, first. */
  void checkBeforeCamelStarts(@Observes BeforeStart camelStarting) {}

  /** The token to send for {@code tenant} now. */
  public String tokenFor(KoreTenant tenant) {
    if (!tenant.signsOwnTokens()) {
      return tenant.jwt();
    }
    Instant now = clock.instant();
    return issued
        .compute(
            tenant.name(),
            (name, current) ->
                current != null && now.isBefore(current.renewAt()) ? current : sign(tenant, now))
        .token();
  }

  /** Kore refused the tenant's token: the next call gets a newly signed one. */
  public void renew(String tenantName) {
    issued.remove(tenantName);
  }

  private Issued sign(KoreTenant tenant, Instant now) {
    Instant expiry = now.plus(settings.lifetime());
    JwtBuilder token =
        Jwts.builder()
            .header()
            .type("JWT")
            .and()
            .subject(settings.subject())
            .claim(APP_ID_CLAIM, tenant.clientId());
    if (settings.jti()) {
      token.id(UUID.randomUUID().toString());
    }
    if (settings.expiryClaims()) {
      token.issuedAt(Date.from(now)).expiration(Date.from(expiry));
    }
    String signed =
        token
            .signWith(
                Keys.hmacShaKeyFor(tenant.clientSecret().getBytes(StandardCharsets.UTF_8)),
                Jwts.SIG.HS256)
            .compact();
    return new Issued(signed, expiry.minus(settings.renewBefore()));
  }
}
