package io.korebridge.delivery;

import io.korebridge.outcome.CampaignCreated;
import io.korebridge.outcome.CampaignOutcome;
import io.korebridge.receive.CampaignDelivery;
import java.util.concurrent.CompletionStage;

/**
 * The work of a request that runs off the owner thread: each method runs on a worker or call
 * thread, touches only the request it is given, and its answer goes back to the owner as a message.
 * The service runs them through the Camel routes ({@link CamelDeliveryStages}); the engine's tests
 * give fakes.
 */
interface DeliveryStages {

  /**
   * Validate, check the tenant's binding, look the event up in the ledger, map it to Kore's body.
   */
  Prepared prepare(CampaignDelivery delivery);

  /**
   * One turn of the account's call slot: the look-up and the intent right before a create, the
   * create call or one page of Kore's list, and what the answer means. Runs on a call thread; it
   * must not send anything when {@code mayCall} says no.
   */
  Called call(CampaignDelivery delivery, CallPermit mayCall);

  /** Records a created campaign in the ledger; completes when Kafka has acknowledged it. */
  CompletionStage<?> remember(CampaignCreated outcome);

  /** Publishes the outcome to its topic; completes when Kafka has acknowledged it. */
  CompletionStage<?> publish(CampaignDelivery delivery, CampaignOutcome outcome);

  /** The FAILED outcome of the request for {@code cause}. */
  CampaignOutcome failed(CampaignDelivery delivery, Throwable cause);

  /** The CREATED outcome of a campaign Kore created (or that its list showed). */
  CampaignCreated created(CampaignDelivery delivery, KoreCallVerdict.Created verdict);

  /** The minimal outcome published when the full one cannot be (too large, not serialisable). */
  CampaignOutcome minimal(CampaignDelivery delivery, CampaignOutcome outcome, Throwable failure);

  /** The request's Kore account: its budget and the key its line is kept under. */
  AccountBudgets.Account account(CampaignDelivery delivery);

  /** Kore refused the tenant's token: the next call of the tenant uses a new one. */
  void renewToken(String tenant);

  /** Checked by the call thread right before anything is sent to Kore (fencing). */
  interface CallPermit {
    boolean mayCall();
  }

  /** What preparing a request ended in. */
  sealed interface Prepared {
    /** The request is answered already (contract failure, ledger answer): publish this outcome. */
    record Publish(CampaignOutcome outcome) implements Prepared {}

    /** Ready for Kore: the request joins its account's line. */
    record ReadyToCall(AccountBudgets.Account account) implements Prepared {}

    /** The ledger could not answer (Kafka's fault): prepare again later, held meanwhile. */
    record LedgerUnavailable(Throwable cause) implements Prepared {}
  }

  /** What one turn of the call slot ended in. */
  sealed interface Called {
    /** Kore answered (or the list did), or the call failed: act on the verdict. */
    record Decided(KoreCallVerdict verdict) implements Called {}

    /** The ledger holds the campaign already: publish this duplicate outcome, no call was made. */
    record Publish(CampaignOutcome outcome) implements Called {}

    /** Nothing decided yet (the next list page, a re-send after a search): back into the line. */
    record Requeue() implements Called {}

    /** The ledger cannot answer or take the intent: nothing was sent; try again after a pause. */
    record LedgerWait(Throwable cause) implements Called {}

    /** The permit was refused (fenced or abandoned): nothing was sent. */
    record NotSent() implements Called {}
  }
}
