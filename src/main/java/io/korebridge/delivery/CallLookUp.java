package io.korebridge.delivery;

import io.korebridge.kore.ReconcilePolicy;
import io.korebridge.outcome.CampaignCreated;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, right before a create call, from what the ledger holds for the request: answer it from a
 * recorded result, reconcile an open intent first, or write the next intent and call. Plain Java.
 */
public final class CallLookUp {

  private final ReconcilePolicy policy;
  private final Duration callLasts;

  /**
   * @param callLasts how long a create call may run (connect and response timeouts): an open intent
   *     younger than this may be a call still under way at another owner
   */
  public CallLookUp(ReconcilePolicy policy, Duration callLasts) {
    this.policy = policy;
    this.callLasts = callLasts;
  }

  /** What the ledger holds for the request right now, and what this delivery knows itself. */
  public record Ledger(Optional<CampaignCreated> result, Optional<CallIntent> openIntent) {}

  /**
   * The request about to be called.
   *
   * @param settledAttempt the highest ledger attempt whose fate this delivery knows (Kore refused
   *     it, or a reconciliation did not find its campaign); 0 for none
   * @param firstAttemptAt this delivery's own first call, or null before it
   */
  public record Request(
      String tenant,
      String eventId,
      String campaignName,
      int settledAttempt,
      Instant firstAttemptAt,
      Instant now) {}

  /** What happens before the call. */
  public sealed interface Step {}

  /** The campaign is recorded: the request is answered with it, Kore is not called. */
  public record AnswerFromLedger(CampaignCreated result) implements Step {}

  /** An intent whose fate nobody here knows: ask Kore's list before sending again. */
  public record ReconcileFirst(CallIntent open) implements Step {}

  /**
   * An open intent so young that its call may still be running (a previous owner's call outlasting
   * a rebalance): asking Kore's list now could miss a campaign about to be created; ask after
   * {@code delay}.
   */
  public record WaitForOpenCall(CallIntent open, Duration delay) implements Step {}

  /** The policy says an unknown fate ends the request: FAILED {@code KORE_OUTCOME_UNKNOWN}. */
  public record FailUnknown(CallIntent open) implements Step {}

  /** Record this intent (and wait for Kafka's acknowledgement), then call. */
  public record WriteIntentThenCall(CallIntent intent) implements Step {}

  /** Policy {@code recreate}: call without an intent, as if nothing could have been created. */
  public record CallWithoutIntent() implements Step {}

  public Step decide(Request request, Ledger ledger) {
    if (ledger.result().isPresent()) {
      return new AnswerFromLedger(ledger.result().get());
    }
    if (policy == ReconcilePolicy.RECREATE) {
      return new CallWithoutIntent();
    }
    Optional<CallIntent> open = ledger.openIntent();
    if (open.isPresent() && open.get().attempt() > request.settledAttempt()) {
      Instant callOver = open.get().at().plus(callLasts);
      if (request.firstAttemptAt() == null && request.now().isBefore(callOver)) {
        return new WaitForOpenCall(open.get(), Duration.between(request.now(), callOver));
      }
      return policy == ReconcilePolicy.FAIL
          ? new FailUnknown(open.get())
          : new ReconcileFirst(open.get());
    }
    int last = Math.max(request.settledAttempt(), open.map(CallIntent::attempt).orElse(0));
    Instant first =
        open.map(CallIntent::firstAttemptAt)
            .orElse(request.firstAttemptAt() != null ? request.firstAttemptAt() : request.now());
    return new WriteIntentThenCall(
        new CallIntent(
            request.tenant(),
            request.eventId(),
            request.campaignName(),
            last + 1,
            first,
            request.now()));
  }
}
