package io.korebridge.testsupport;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * What Kore checks on the {@code auth} header: an HS256 JWT with {@code typ: JWT}, signed with the
 * app's client secret, whose {@code appId} is the app's client id, with a {@code sub}, and not
 * expired ({@code exp} when present, or marked expired by the test).
 */
public final class KoreTokenCheck {

  private KoreTokenCheck() {}

  static MatchResult accepts(Request request, KoreSimulator.Account account, Set<String> expired) {
    return MatchResult.of(problem(request.getHeader("auth"), account, expired) == null);
  }

  static MatchResult refuses(
      Request request, Map<String, KoreSimulator.Account> accounts, Set<String> expired) {
    KoreSimulator.Account account = accounts.get(request.getHeader("accountid"));
    return MatchResult.of(
        account == null || problem(request.getHeader("auth"), account, expired) != null);
  }

  /** Why Kore would refuse {@code token} for {@code account}, or null when it would accept it. */
  public static String problem(String token, KoreSimulator.Account account, Set<String> expired) {
    if (token == null || token.isBlank()) {
      return "no auth header";
    }
    if (expired.contains(token)) {
      return "token expired";
    }
    Jws<Claims> jws;
    try {
      jws = Jwts.parser().verifyWith(key(account)).build().parseSignedClaims(token);
    } catch (JwtException | IllegalArgumentException e) {
      return "invalid token: " + e.getClass().getSimpleName();
    }
    if (!"HS256".equals(jws.getHeader().getAlgorithm())) {
      return "algorithm is not HS256";
    }
    if (!"JWT".equals(jws.getHeader().getType())) {
      return "typ is not JWT";
    }
    if (!account.clientId().equals(jws.getPayload().get("appId", String.class))) {
      return "appId is not the app's client id";
    }
    if (jws.getPayload().getSubject() == null || jws.getPayload().getSubject().isBlank()) {
      return "no sub";
    }
    return null;
  }

  /** The claims of a token that {@code account}'s secret signed; throws for any other token. */
  public static Jws<Claims> read(String token, KoreSimulator.Account account) {
    return Jwts.parser().verifyWith(key(account)).build().parseSignedClaims(token);
  }

  /** A token the way Kore's docs show one: {@code sub} and {@code appId}, no expiry. */
  static String sign(KoreSimulator.Account account, String subject) {
    return Jwts.builder()
        .header()
        .type("JWT")
        .and()
        .subject(subject)
        .claim("appId", account.clientId())
        .signWith(key(account), Jwts.SIG.HS256)
        .compact();
  }

  private static SecretKey key(KoreSimulator.Account account) {
    return Keys.hmacShaKeyFor(account.clientSecret().getBytes(StandardCharsets.UTF_8));
  }
}
