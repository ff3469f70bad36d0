package io.korebridge.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.kore.KoreCampaignCreated;
import io.korebridge.kore.KoreCampaignLists;
import io.korebridge.kore.KoreCampaignPage;
import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.ReconcilePolicy;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.receive.CampaignDelivery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The engine's call path around one create call: the ledger look-up and the durable intent before
 * it, what its failure leaves unknown after it, and the reconciliation with Kore's campaign list in
 * place of a blind re-send. The decisions are {@link CallLookUp}, {@link CreateFate} and {@link
 * Reconciliation}; this class only feeds them and carries their answers to the engine.
 */
final class CallIntents {

  /** How long a call waits for Kafka to acknowledge its intent before the request is held. */
  static final Duration INTENT_WRITE_TIMEOUT = Duration.ofSeconds(10);

  private final ReconcilePolicy policy;
  private final CallLookUp lookUp;
  private final CreateFate fate;
  private final Reconciliation reconciliation;
  private final CampaignLedger ledger;
  private final KoreCampaignLists lists;
  private final ObjectMapper json = new ObjectMapper();

  CallIntents(KoreConfig kore, CampaignLedger ledger, KoreCampaignLists lists) {
    KoreConfig.Reconcile reconcile = kore.reconcile();
    this.policy = reconcile.policy();
    Duration callLasts =
        Duration.ofMillis((long) kore.http().connectTimeoutMs() + kore.http().responseTimeoutMs());
    this.lookUp = new CallLookUp(policy, callLasts);
    this.fate =
        new CreateFate(
            new HashSet<>(reconcile.nameExistsStatus()),
            Pattern.compile(reconcile.nameExistsBody()));
    this.reconciliation =
        new Reconciliation(
            Duration.ofMillis(reconcile.clockAllowanceMs()),
            callLasts,
            reconcile.pageSize(),
            reconcile.maxPages(),
            Duration.ofMillis(kore.outage().pauseMs()),
            Duration.ofMillis(kore.outage().giveUpAfterMs()));
    this.ledger = ledger;
    this.lists = lists;
  }

  /** One page of the list, or why there is none. */
  record ListAnswer(KoreCampaignPage page, Throwable failure) {}

  /** What replaces the create call. */
  sealed interface Answer {
    /** The ledger holds the result: a duplicate outcome, no call. */
    record FromLedger(CampaignCreated result) implements Answer {}

    /** Act as after a call: created (reconciled), hold, or fail. */
    record Verdict(KoreCallVerdict verdict) implements Answer {}

    /** Back into the account's line: the next slot reads the next page or sends the create. */
    record CallAgainNow() implements Answer {}
  }

  /** Either call Kore now ({@code answer} and {@code instead} null) or do something else. */
  record BeforeCall(Answer answer, Runnable instead) {
    static BeforeCall callNow() {
      return new BeforeCall(null, null);
    }

    static BeforeCall instead(Runnable step) {
      return new BeforeCall(null, step);
    }

    static BeforeCall answer(Answer answer) {
      return new BeforeCall(answer, null);
    }
  }

  /**
   * Runs on the call thread holding the account's slot: looks the request up and records its intent
   * (waiting for Kafka's acknowledgement), or reads one page of Kore's list in that slot.
   *
   * @throws org.apache.kafka.common.KafkaException the ledger cannot answer
   * @throws ExecutionException Kafka did not take the intent
   * @throws TimeoutException Kafka did not acknowledge the intent in time
   */
  BeforeCall beforeCall(
      CampaignDelivery delivery, BiFunction<CampaignDelivery, String, ListAnswer> listPage)
      throws ExecutionException, TimeoutException, InterruptedException {
    if (policy != ReconcilePolicy.RECREATE && delivery.mustReconcile()) {
      return reconcile(delivery, listPage);
    }
    String tenant = delivery.tenant();
    String eventId = delivery.eventId();
    Optional<CallIntent> open =
        policy == ReconcilePolicy.RECREATE ? Optional.empty() : ledger.findIntent(tenant, eventId);
    CallLookUp.Step step =
        lookUp.decide(
            new CallLookUp.Request(
                tenant,
                eventId,
                campaignName(delivery),
                delivery.settledAttempt(),
                delivery.intentFirstAttemptAt(),
                Instant.now()),
            new CallLookUp.Ledger(ledger.find(tenant, eventId), open));
    if (step instanceof CallLookUp.AnswerFromLedger recorded) {
      return BeforeCall.answer(new Answer.FromLedger(recorded.result()));
    }
    if (step instanceof CallLookUp.WaitForOpenCall young) {
      return BeforeCall.answer(
          new Answer.Verdict(
              new KoreCallVerdict.CallAgain(young.delay(), "OPEN_INTENT", Optional.empty())));
    }
    if (step instanceof CallLookUp.ReconcileFirst reconcile) {
      adopt(delivery, reconcile.open());
      delivery.fateUnknown(null);
      return reconcile(delivery, listPage);
    }
    if (step instanceof CallLookUp.FailUnknown unknown) {
      adopt(delivery, unknown.open());
      return BeforeCall.answer(
          new Answer.Verdict(
              new KoreCallVerdict.Fail(
                  new CampaignFailedException(
                      FailureReason.KORE_OUTCOME_UNKNOWN,
                      "an earlier create call for campaign \""
                          + unknown.open().campaignName()
                          + "\" (attempt "
                          + unknown.open().attempt()
                          + " at "
                          + unknown.open().at()
                          + ") may have created it; kore.reconcile.policy=fail"))));
    }
    if (step instanceof CallLookUp.WriteIntentThenCall write) {
      ledger
          .recordIntentAsync(write.intent())
          .get(INTENT_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      adopt(delivery, write.intent());
    }
    return BeforeCall.callNow();
  }

  /** After a create call: a failure whose fate is unknown is reconciled before anything else. */
  KoreCallVerdict afterCall(CampaignDelivery delivery, Throwable failure, KoreCallVerdict verdict) {
    if (failure == null || policy == ReconcilePolicy.RECREATE) {
      return verdict;
    }
    if (fate.of(failure) == CreateFate.Fate.NOT_CREATED) {
      delivery.createSettled();
      return verdict;
    }
    if (policy == ReconcilePolicy.FAIL) {
      return new KoreCallVerdict.Fail(
          new CampaignFailedException(
              FailureReason.KORE_OUTCOME_UNKNOWN,
              "the create call's answer was lost ("
                  + failure
                  + "); the campaign may exist; kore.reconcile.policy=fail"));
    }
    if (verdict instanceof KoreCallVerdict.Fail fail) {
      // No create is left to try: ask the list now; not found, the request fails as decided.
      delivery.fateUnknown(fail.cause());
      return new KoreCallVerdict.CallAgain(Duration.ZERO, "RECONCILE", Optional.empty());
    }
    delivery.fateUnknown(null);
    return verdict; // after its wait, the next slot asks the list before any create
  }

  private BeforeCall reconcile(
      CampaignDelivery delivery, BiFunction<CampaignDelivery, String, ListAnswer> listPage) {
    Reconciliation.Search search =
        new Reconciliation.Search(
            campaignName(delivery),
            contactLists(delivery),
            delivery.intentAttempt(),
            delivery.intentFirstAttemptAt(),
            delivery.intentAt(),
            Instant.now());
    Reconciliation.Window window = reconciliation.window(search);
    int skip = delivery.listSkip();
    ListAnswer answer =
        listPage.apply(
            delivery,
            lists.requestBody(window.from(), window.to(), reconciliation.pageSize(), skip));
    Reconciliation.Verdict verdict =
        reconciliation.decide(search, skip, answer.page(), answer.failure());
    if (verdict instanceof Reconciliation.Found found) {
      KoreCampaignPage.Listed campaign = found.campaign();
      return BeforeCall.answer(
          new Answer.Verdict(
              new KoreCallVerdict.Created(
                  new KoreCampaignCreated(
                      campaign.id(),
                      campaign.name(),
                      null,
                      null,
                      "found in Kore's campaign list after the create call's answer was lost"),
                  true)));
    }
    if (verdict instanceof Reconciliation.NextPage next) {
      delivery.nextListPage(next.skip());
      return BeforeCall.answer(new Answer.CallAgainNow());
    }
    if (verdict instanceof Reconciliation.SendAgain) {
      Throwable fail = delivery.failIfNotFound();
      delivery.notFoundAtKore();
      return BeforeCall.answer(
          fail != null
              ? new Answer.Verdict(new KoreCallVerdict.Fail(fail))
              : new Answer.CallAgainNow());
    }
    if (verdict instanceof Reconciliation.Hold hold) {
      return BeforeCall.answer(new Answer.Verdict(new KoreCallVerdict.Hold(hold.pause())));
    }
    return BeforeCall.answer(
        new Answer.Verdict(new KoreCallVerdict.Fail(((Reconciliation.GiveUp) verdict).cause())));
  }

  private static void adopt(CampaignDelivery delivery, CallIntent intent) {
    delivery.intentRecorded(intent.attempt(), intent.firstAttemptAt(), intent.at());
  }

  private String campaignName(CampaignDelivery delivery) {
    return body(delivery).path("name").asText(null);
  }

  private List<String> contactLists(CampaignDelivery delivery) {
    List<String> names = new ArrayList<>();
    body(delivery).path("contactLists").forEach(list -> names.add(list.asText()));
    return names;
  }

  private JsonNode body(CampaignDelivery delivery) {
    try {
      JsonNode body = json.readTree(delivery.koreRequestBody());
      return body == null ? json.createObjectNode() : body;
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }
}
