package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Token signing and renewal, checked against the JWT wire format itself (no JWT library). */
class KoreTokensTest {

  private static final String SECRET = "a-client-secret-of-more-than-32-bytes-0123";
  private static final KoreTenant TENANT =
      new KoreTenant(
          "eu", "https://kore.example", "/p", "st-1", "acc-1", "st-1", "cs-app-1", SECRET, null);
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private final ObjectMapper json = new ObjectMapper();
  private final MutableClock clock = new MutableClock(T0);

  @Test
  void signs_hs256_with_typ_jwt_app_id_sub_jti_iat_and_exp() throws Exception {
    KoreTokens tokens = new KoreTokens(settings(true, true), clock);

    String token = tokens.tokenFor(TENANT);

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = decode(parts[0]);
    assertThat(header.path("alg").asText()).isEqualTo("HS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    JsonNode claims = decode(parts[1]);
    assertThat(claims.path("appId").asText()).isEqualTo("cs-app-1");
    assertThat(claims.path("sub").asText()).isEqualTo("bridge-test");
    assertThat(claims.path("jti").asText()).isNotBlank();
    assertThat(claims.path("iat").asLong()).isEqualTo(T0.getEpochSecond());
    assertThat(claims.path("exp").asLong()).isEqualTo(T0.plusSeconds(600).getEpochSecond());
    assertThat(parts[2]).isEqualTo(hmacSha256(parts[0] + "." + parts[1], SECRET));
  }

  @Test
  void without_jti_and_expiry_claims_the_token_is_kores_sample_shape() throws Exception {
    KoreTokens tokens = new KoreTokens(settings(false, false), clock);

    JsonNode claims = decode(tokens.tokenFor(TENANT).split("\\.")[1]);

    assertThat(claims.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrder("sub", "appId");
  }

  @Test
  void reuses_the_token_until_shortly_before_it_expires_then_signs_a_new_one() {
    KoreTokens tokens = new KoreTokens(settings(true, true), clock);
    String first = tokens.tokenFor(TENANT);

    clock.advance(Duration.ofSeconds(539));
    assertThat(tokens.tokenFor(TENANT)).isEqualTo(first);

    clock.advance(Duration.ofSeconds(1));
    String renewed = tokens.tokenFor(TENANT);
    assertThat(renewed).isNotEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.tokenFor(TENANT)).isEqualTo(renewed);
  }

  @Test
  void renew_drops_the_cached_token_of_that_tenant_only() {
    KoreTokens tokens = new KoreTokens(settings(true, true), clock);
    KoreTenant other =
        new KoreTenant("us", "https://k", "/p", "st-2", "acc-2", "st-2", "cs-2", SECRET, null);
    String eu = tokens.tokenFor(TENANT);
    String us = tokens.tokenFor(other);

    tokens.renew("eu");

    assertThat(tokens.tokenFor(TENANT)).isNotEqualTo(eu);
    assertThat(tokens.tokenFor(other)).isEqualTo(us);
  }

  @Test
  void a_pre_issued_jwt_is_sent_as_it_is() {
    KoreTokens tokens = new KoreTokens(settings(true, true), clock);
    KoreTenant preIssued =
        new KoreTenant(
            "eu", "https://k", "/p", "st-1", "acc-1", "st-1", null, null, "pre.issued.jwt");

    assertThat(tokens.tokenFor(preIssued)).isEqualTo("pre.issued.jwt");
  }

  @Test
  void renewal_margin_must_be_shorter_than_the_lifetime() {
    assertThatThrownBy(
            () ->
                new KoreTokens.Settings(
                    "s", true, Duration.ofSeconds(60), true, Duration.ofSeconds(60)))
        .hasMessageContaining("kore.token.renew-before-seconds");
  }

  private static KoreTokens.Settings settings(boolean jti, boolean expiryClaims) {
    return new KoreTokens.Settings(
        "bridge-test", jti, Duration.ofSeconds(600), expiryClaims, Duration.ofSeconds(60));
  }

  private JsonNode decode(String part) throws Exception {
    return json.readTree(Base64.getUrlDecoder().decode(part));
  }

  private static String hmacSha256(String data, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
