package io.korebridge.delivery;

import io.korebridge.kore.KoreCampaignCreated;
import io.korebridge.kore.KoreCampaignPage;
import io.korebridge.kore.KoreTenants;
import io.korebridge.kore.KoreTokens;
import io.korebridge.ops.BridgeMetrics;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.outcome.CampaignOutcome;
import io.korebridge.outcome.OriginalRecord;
import io.korebridge.outcome.Outcomes;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRecord;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.KafkaException;

/** The stages of a request as the routes in {@code routes/} run them. */
final class CamelDeliveryStages implements DeliveryStages {

  static final String PREPARE = "direct:prepare-campaign";
  static final String CALL_KORE = "direct:call-kore";
  static final String LIST_KORE = "direct:list-kore-campaigns";
  static final String PUBLISH = "direct:publish-outcome";

  private final CamelContext camel;
  private final KoreTenants tenants;
  private final KoreTokens tokens;
  private final CampaignLedger ledger;
  private final Outcomes outcomes;
  private final BridgeMetrics metrics;
  private final KoreCallDecision decision;
  private final AccountBudgets budgets;
  private final CallIntents intents;
  private ProducerTemplate template;
  private AsyncProducer publisher;

  CamelDeliveryStages(
      CamelContext camel,
      KoreTenants tenants,
      KoreTokens tokens,
      CampaignLedger ledger,
      Outcomes outcomes,
      BridgeMetrics metrics,
      KoreCallDecision decision,
      AccountBudgets budgets,
      CallIntents intents) {
    this.camel = camel;
    this.tenants = tenants;
    this.tokens = tokens;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.metrics = metrics;
    this.decision = decision;
    this.budgets = budgets;
    this.intents = intents;
  }

  @Override
  public Prepared prepare(CampaignDelivery delivery) {
    Exchange exchange = exchangeFor(delivery, null);
    template().send(PREPARE, exchange);
    Throwable failure = exchange.getException();
    if (failure instanceof KafkaException) {
      return new Prepared.LedgerUnavailable(failure);
    }
    if (failure != null) {
      return new Prepared.Publish(failed(delivery, failure));
    }
    Object body = exchange.getMessage().getBody();
    if (body instanceof CampaignOutcome answered) {
      return new Prepared.Publish(answered);
    }
    delivery.koreRequestBody(exchange.getMessage().getBody(String.class));
    try {
      return new Prepared.ReadyToCall(account(delivery));
    } catch (RuntimeException unknownTenant) {
      return new Prepared.Publish(failed(delivery, unknownTenant));
    }
  }

  @Override
  public Called call(CampaignDelivery delivery, CallPermit mayCall) {
    CallIntents.BeforeCall before;
    try {
      if (!mayCall.mayCall()) {
        return new Called.NotSent();
      }
      // Right before the call, not only at prepare: the request may have waited for its slot, a
      // backoff or a hold while its campaign was recorded or another owner sent it.
      before = intents.beforeCall(delivery, (d, body) -> listPage(d, body, mayCall));
    } catch (KafkaException | ExecutionException | TimeoutException e) {
      return new Called.LedgerWait(e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Called.NotSent();
    }
    if (before.answer() instanceof CallIntents.Answer.FromLedger recorded) {
      return new Called.Publish(
          outcomes.duplicate(recorded.result()).withRegistrySchemaId(delivery.registrySchemaId()));
    }
    if (before.answer() instanceof CallIntents.Answer.CallAgainNow) {
      return new Called.Requeue();
    }
    if (before.answer() instanceof CallIntents.Answer.Verdict decided) {
      return new Called.Decided(decided.verdict());
    }
    if (before.instead() != null) {
      throw new IllegalStateException("a look-up step the call stage does not know");
    }
    if (!mayCall.mayCall()) {
      return new Called.NotSent(); // its intent is open: whoever sends next reconciles first
    }
    Instant started = Instant.now();
    delivery.callStarted(started);
    Exchange exchange = exchangeFor(delivery, delivery.koreRequestBody());
    template().send(CALL_KORE, exchange);
    Throwable failure = exchange.getException();
    KoreCampaignCreated created =
        failure == null ? exchange.getMessage().getBody(KoreCampaignCreated.class) : null;
    return new Called.Decided(
        intents.afterCall(
            delivery,
            failure,
            decision.decide(
                new KoreCallDecision.Call(
                    delivery.attempts(),
                    delivery.firstCallAt(),
                    Instant.now(),
                    delivery.isTokenRenewed()),
                created,
                failure)));
  }

  /** One page of Kore's campaign list, through the account's call slot this request holds. */
  private CallIntents.ListAnswer listPage(
      CampaignDelivery delivery, String requestBody, CallPermit mayCall) {
    if (!mayCall.mayCall()) {
      return new CallIntents.ListAnswer(
          null, new IllegalStateException("this replica may not call Kore now (fenced)"));
    }
    Exchange exchange = exchangeFor(delivery, requestBody);
    template().send(LIST_KORE, exchange);
    Throwable failure = exchange.getException();
    metrics.koreRetry(delivery.tenant(), "RECONCILE");
    return new CallIntents.ListAnswer(
        failure == null ? exchange.getMessage().getBody(KoreCampaignPage.class) : null, failure);
  }

  @Override
  public CompletionStage<?> remember(CampaignCreated outcome) {
    return ledger.rememberAsync(outcome);
  }

  @Override
  public CompletionStage<?> publish(CampaignDelivery delivery, CampaignOutcome outcome) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    Exchange exchange = exchangeFor(delivery, outcome);
    publisher()
        .process(
            exchange,
            doneSync -> {
              if (exchange.getException() == null) {
                acknowledged.complete(null);
              } else {
                acknowledged.completeExceptionally(exchange.getException());
              }
            });
    return acknowledged;
  }

  @Override
  public CampaignOutcome failed(CampaignDelivery delivery, Throwable cause) {
    ReceivedRecord received = delivery.received();
    return outcomes
        .failed(
            delivery.eventId(),
            delivery.tenant(),
            cause,
            delivery.attempts(),
            new OriginalRecord(
                received.location(), received.key(), received.value(), received.headers()))
        .withRegistrySchemaId(delivery.registrySchemaId());
  }

  @Override
  public CampaignCreated created(CampaignDelivery delivery, KoreCallVerdict.Created verdict) {
    CampaignCreated outcome =
        outcomes
            .created(delivery.eventId(), delivery.tenant(), verdict.campaign(), delivery.attempts())
            .withRegistrySchemaId(delivery.registrySchemaId());
    return verdict.reconciled() ? outcome.asReconciled() : outcome;
  }

  @Override
  public CampaignOutcome minimal(
      CampaignDelivery delivery, CampaignOutcome outcome, Throwable failure) {
    return outcomes.tooLarge(outcome, delivery.received().location(), failure);
  }

  @Override
  public AccountBudgets.Account account(CampaignDelivery delivery) {
    return budgets.of(tenants.resolve(delivery.tenant()));
  }

  @Override
  public void renewToken(String tenant) {
    tokens.renew(tenant);
  }

  private Exchange exchangeFor(CampaignDelivery delivery, Object body) {
    Exchange exchange = new DefaultExchange(camel);
    exchange.setProperty(CampaignDelivery.PROPERTY, delivery);
    exchange.getMessage().setBody(body);
    return exchange;
  }

  private synchronized ProducerTemplate template() {
    if (template == null) {
      template = camel.createProducerTemplate();
    }
    return template;
  }

  private synchronized AsyncProducer publisher() {
    if (publisher == null) {
      try {
        publisher = camel.getEndpoint(PUBLISH).createAsyncProducer();
        publisher.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot create the outcome publisher", e);
      }
    }
    return publisher;
  }
}
