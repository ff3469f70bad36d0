package io.korebridge.kore;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One Kore account and bot the bridge creates campaigns in, resolved from configuration. It carries
 * either client credentials ({@code clientId} + {@code clientSecret}, the bridge signs its own
 * tokens) or a pre-issued {@code jwt}; the other is null.
 */
public record KoreTenant(
    String name,
    String baseUrl,
    String campaignPath,
    String streamId,
    String accountId,
    String iid,
    String clientId,
    String clientSecret,
    String jwt) {

  static final String STREAM_ID_PLACEHOLDER = "{streamId}";

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public String campaignUrl() {
    String path = campaignPath.replace(STREAM_ID_PLACEHOLDER, encode(streamId));
    return stripTrailingSlash(baseUrl)
        + path
        + "?accountId="
        + encode(accountId)
        + "&campaignType=sms";
  }

  /**
   * Whether calls to this tenant would leave the machine unencrypted: the base URL is {@code
   * http://} and its host is not a loopback one ({@code localhost}, {@code 127.0.0.0/8}, {@code
   * ::1}). Decided from the URL alone; no name is resolved.
   */
  public boolean insecureTransport() {
    if (baseUrl == null || baseUrl.isBlank()) {
      return false; // reported as a missing setting by the kore-tenants readiness check
    }
    URI url = baseUri();
    return "http".equalsIgnoreCase(url.getScheme()) && !isLoopback(url.getHost());
  }

  /** The base URL as a URI; throws when it is not an absolute http(s) URL with a host. */
  URI baseUri() {
    URI url;
    try {
      url = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          "base-url of Kore tenant '" + name + "' is not a URL: " + e.getMessage());
    }
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
        || url.getHost() == null) {
      throw new IllegalStateException(
          "base-url of Kore tenant '" + name + "' must be https://<host>, not " + baseUrl);
    }
    return url;
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean ipLiteral = host.startsWith("[") || IPV4_LITERAL.matcher(host).matches();
    if (!ipLiteral) {
      return false;
    }
    try {
      // An IP literal is parsed, not looked up, so this never touches DNS.
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean signsOwnTokens() {
    return clientSecret != null;
  }

  /** Who Kore saw calling, for error messages: names the tenant and client id, never a secret. */
  public String caller() {
    return "tenant '"
        + name
        + "' ("
        + (signsOwnTokens() ? "client id " + clientId : "pre-issued kore.jwt")
        + ")";
  }

  /**
   * Keeps the secret and the JWT out of every log line and debugger view that prints the record.
   */
  @Override
  public String toString() {
    return "KoreTenant[name="
        + name
        + ", baseUrl="
        + baseUrl
        + ", accountId="
        + accountId
        + ", clientId="
        + clientId
        + "]";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
