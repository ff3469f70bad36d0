package io.korebridge.kore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

  public String campaignUrl() {
    String path = campaignPath.replace(STREAM_ID_PLACEHOLDER, encode(streamId));
    return stripTrailingSlash(baseUrl)
        + path
        + "?accountId="
        + encode(accountId)
        + "&campaignType=sms";
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
