package io.korebridge.kore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** One Kore account and bot the bridge creates campaigns in, resolved from configuration. */
public record KoreTenant(
    String name,
    String baseUrl,
    String campaignPath,
    String streamId,
    String accountId,
    String iid,
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

  /** Keeps the JWT out of every log line and debugger view that prints the record. */
  @Override
  public String toString() {
    return "KoreTenant[name=" + name + ", baseUrl=" + baseUrl + ", accountId=" + accountId + "]";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
