package io.korebridge.delivery;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.kore.KoreRetryableException;
import io.korebridge.kore.KoreTokenRejectedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Whether a failed create call may still have created its campaign at Kore. Plain Java.
 *
 * <p>Unknown: the request may have reached Kore and its answer was lost (a response timeout, a
 * connection reset or closed after the request was written, a 5xx or 408 after the body was sent),
 * or Kore said the name already exists. Not created: the request never left (connection refused,
 * connect timeout, unknown host, TLS handshake or host name) or Kore refused it (401, 429, other
 * 4xx).
 */
public final class CreateFate {

  /** What a failure says about the campaign. */
  public enum Fate {
    NOT_CREATED,
    UNKNOWN
  }

  private final Set<Integer> nameExistsStatuses;
  private final Pattern nameExistsBody;

  /**
   * @param nameExistsStatuses statuses with which Kore may say the name is taken
   * @param nameExistsBody what such an answer's body contains (searched, not matched whole)
   */
  public CreateFate(Set<Integer> nameExistsStatuses, Pattern nameExistsBody) {
    this.nameExistsStatuses = Set.copyOf(nameExistsStatuses);
    this.nameExistsBody = nameExistsBody;
  }

  public Fate of(Throwable failure) {
    if (failure == null) {
      throw new IllegalArgumentException("a call that created its campaign has no unknown fate");
    }
    if (nameExists(failure)) {
      return Fate.UNKNOWN;
    }
    if (failure instanceof KoreTokenRejectedException) {
      return Fate.NOT_CREATED;
    }
    if (failure instanceof KoreRetryableException answer) {
      int status = answer.httpStatus() == null ? 0 : answer.httpStatus();
      return status == 408 || status >= 500 ? Fate.UNKNOWN : Fate.NOT_CREATED;
    }
    if (failure instanceof CampaignFailedException) {
      return Fate.NOT_CREATED; // a final answer from Kore (or our own refusal before sending)
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (neverSent(cause)) {
        return Fate.NOT_CREATED;
      }
      if (cause instanceof IOException) {
        return Fate.UNKNOWN;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Fate.NOT_CREATED; // a defect of ours before the request was sent
  }

  /** Kore answered that a campaign with this name exists: it may be ours. */
  public boolean nameExists(Throwable failure) {
    if (!(failure instanceof CampaignFailedException answer)
        || answer.httpStatus() == null
        || !nameExistsStatuses.contains(answer.httpStatus())) {
      return false;
    }
    String body = answer.koreResponseBody();
    return body != null && nameExistsBody.matcher(body).find();
  }

  private static boolean neverSent(Throwable cause) {
    return cause instanceof ConnectException
        || cause instanceof ConnectTimeoutException
        || cause instanceof UnknownHostException
        || cause instanceof NoRouteToHostException
        || cause instanceof SSLHandshakeException
        || cause instanceof SSLPeerUnverifiedException; // host name checked before sending
  }
}
