package io.korebridge.contract;

import java.util.List;

/** A request that cannot become a campaign, with everything the FAILED outcome needs to say why. */
public class CampaignFailedException extends RuntimeException {

  private final FailureReason reason;
  private final Integer httpStatus;
  private final String koreResponseBody;
  private final List<Violation> violations;

  public CampaignFailedException(FailureReason reason, String message) {
    this(reason, message, null, null, List.of());
  }

  public CampaignFailedException(
      FailureReason reason,
      String message,
      Integer httpStatus,
      String koreResponseBody,
      List<Violation> violations) {
    super(message, null, false, false);
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.koreResponseBody = koreResponseBody;
    this.violations = List.copyOf(violations);
  }

  public FailureReason reason() {
    return reason;
  }

  public Integer httpStatus() {
    return httpStatus;
  }

  public String koreResponseBody() {
    return koreResponseBody;
  }

  public List<Violation> violations() {
    return violations;
  }
}
