package io.korebridge.kore;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import java.util.List;

/**
 * Kore answered 401: it refused our token. The route renews the token and calls once more; if that
 * is refused too, this becomes the FAILED outcome {@code KORE_AUTH_FAILED}.
 */
public class KoreTokenRejectedException extends CampaignFailedException {

  public static final int STATUS = 401;

  public KoreTokenRejectedException(String koreResponseBody) {
    this("Kore answered HTTP 401: it refused the token", koreResponseBody);
  }

  private KoreTokenRejectedException(String message, String koreResponseBody) {
    super(FailureReason.ofKoreAnswer(STATUS), message, STATUS, koreResponseBody, List.of());
  }

  /** The same refusal, naming who called (tenant and client id; never a secret or token). */
  public KoreTokenRejectedException by(KoreTenant tenant) {
    return new KoreTokenRejectedException(
        "Kore answered HTTP 401: it refused the token of "
            + tenant.caller()
            + (tenant.signsOwnTokens()
                ? ", also a newly signed one on the retry"
                : ", also on the retry"),
        koreResponseBody());
  }
}
