package io.korebridge.receive;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;

/**
 * Everything the bridge knows about one request while it is delivered: the record as received and
 * what each step has learnt so far. It is the pipeline's only per-request state; every step reads
 * and writes it through these typed methods (exchange property {@link #PROPERTY}).
 *
 * <p>One step works on a delivery at a time and hands it to the next through an executor, which
 * orders the writes; only {@link #abandon()}, {@link #markBusy}, {@link #hold} and {@link #release}
 * come from other threads and are thread-safe.
 */
public final class CampaignDelivery {

  /** The exchange property that carries the delivery through the routes. */
  public static final String PROPERTY = "campaignDelivery";

  private final ReceivedRecord received;
  private final long sizeInBytes;
  private String eventId;
  private String tenant;
  private String registrySchemaId;
  private boolean answeredFromLedger;
  private String koreRequestBody;
  private int attempts;
  private Instant firstCallAt;
  private final AtomicReference<Instant> heldSince = new AtomicReference<>();
  private Instant waitingSince;
  private Duration rateWait = Duration.ZERO;
  private boolean tokenRenewed;
  private int intentAttempt;
  private Instant intentFirstAttemptAt;
  private Instant intentAt;
  private int settledAttempt;
  private boolean mustReconcile;
  private int listSkip;
  private Throwable failIfNotFound;
  private volatile boolean abandoned;
  private final AtomicBoolean busy = new AtomicBoolean();

  public CampaignDelivery(ReceivedRecord received) {
    this.received = received;
    this.sizeInBytes = received.sizeInBytes();
  }

  /** The delivery an exchange of the pipeline carries. */
  public static CampaignDelivery of(Exchange exchange) {
    CampaignDelivery delivery = exchange.getProperty(PROPERTY, CampaignDelivery.class);
    if (delivery == null) {
      throw new IllegalStateException("exchange carries no campaign delivery");
    }
    return delivery;
  }

  public ReceivedRecord received() {
    return received;
  }

  public long sizeInBytes() {
    return sizeInBytes;
  }

  /** What the event says about itself, known as early as possible so even a FAILED names it. */
  public void identify(String eventId, String tenant) {
    this.eventId = eventId;
    this.tenant = tenant;
  }

  public String eventId() {
    return eventId;
  }

  public String tenant() {
    return tenant;
  }

  /** The schema-registry id the request was framed with, or null; repeated in its outcome. */
  public void registrySchemaId(String schemaId) {
    this.registrySchemaId = schemaId;
  }

  public String registrySchemaId() {
    return registrySchemaId;
  }

  /** The event already became a campaign; its outcome repeats that one. */
  public void answerFromLedger() {
    this.answeredFromLedger = true;
  }

  public boolean isAnsweredFromLedger() {
    return answeredFromLedger;
  }

  /** The Kore request body, as JSON text; the same on every attempt. */
  public void koreRequestBody(String body) {
    this.koreRequestBody = body;
  }

  public String koreRequestBody() {
    return koreRequestBody;
  }

  /** A Kore call starts now; counts it and remembers when the first one started. */
  public void callStarted(Instant now) {
    attempts++;
    if (firstCallAt == null) {
      firstCallAt = now;
    }
    if (waitingSince != null) {
      rateWait = rateWait.plus(Duration.between(waitingSince, now));
      waitingSince = null;
    }
  }

  /** The request joins its account's queue for a call slot now. */
  public void waitsForCallSlot(Instant now) {
    this.waitingSince = now;
  }

  public int attempts() {
    return attempts;
  }

  /** When the first Kore call started, or null before it. */
  public Instant firstCallAt() {
    return firstCallAt;
  }

  /** Time spent waiting for the account's call budget, over all attempts. */
  public Duration rateWait() {
    return rateWait;
  }

  /**
   * Marks the request held (its Kore account is unavailable); returns true the first time, to one
   * caller only, so a count of held requests kept from these answers stays exact across threads.
   */
  public boolean hold(Instant now) {
    return heldSince.compareAndSet(null, now);
  }

  /** Ends a hold; returns true, to one caller only, when the request was held. */
  public boolean release() {
    return heldSince.getAndSet(null) != null;
  }

  /** Since when the request is held, or null when it is not. */
  public Instant heldSince() {
    return heldSince.get();
  }

  /**
   * An intent for the ledger's create attempt {@code attempt} is recorded (by this delivery, or
   * found open in the ledger); {@code firstAttemptAt} is the request's first attempt by any owner.
   */
  public void intentRecorded(int attempt, Instant firstAttemptAt, Instant at) {
    this.intentAttempt = attempt;
    this.intentFirstAttemptAt = firstAttemptAt;
    this.intentAt = at;
  }

  /** The ledger attempt number of the latest intent known, 0 for none. */
  public int intentAttempt() {
    return intentAttempt;
  }

  public Instant intentFirstAttemptAt() {
    return intentFirstAttemptAt;
  }

  public Instant intentAt() {
    return intentAt;
  }

  /** The latest intent's call created nothing (Kore refused it, or it never left). */
  public void createSettled() {
    settledAttempt = Math.max(settledAttempt, intentAttempt);
  }

  /** The highest ledger attempt whose fate is known to have created nothing; 0 for none. */
  public int settledAttempt() {
    return settledAttempt;
  }

  /**
   * The latest intent's fate is unknown: Kore's list is asked before any further create. When
   * {@code failIfNotFound} is set (no create is left to try), a campaign not found ends the request
   * with it instead of another create.
   */
  public void fateUnknown(Throwable failIfNotFound) {
    mustReconcile = true;
    listSkip = 0;
    this.failIfNotFound = failIfNotFound;
  }

  /** What ends the request when the reconciliation does not find its campaign, or null. */
  public Throwable failIfNotFound() {
    return failIfNotFound;
  }

  public boolean mustReconcile() {
    return mustReconcile;
  }

  /** Offset of the next campaign-list page to read. */
  public int listSkip() {
    return listSkip;
  }

  public void nextListPage(int skip) {
    listSkip = skip;
  }

  /** Kore's list does not hold the campaign: the next create duplicates nothing. */
  public void notFoundAtKore() {
    mustReconcile = false;
    listSkip = 0;
    failIfNotFound = null;
    createSettled();
  }

  public void tokenRenewed() {
    this.tokenRenewed = true;
  }

  public boolean isTokenRenewed() {
    return tokenRenewed;
  }

  /** Its partition went to another consumer: nothing more is done or published for it here. */
  public void abandon() {
    this.abandoned = true;
  }

  public boolean isAbandoned() {
    return abandoned;
  }

  /**
   * Running (being validated, calling Kore, publishing) rather than waiting; returns true when that
   * changed. A rebalance waits for running requests only.
   */
  public boolean markBusy(boolean running) {
    return busy.compareAndSet(!running, running);
  }

  public boolean isBusy() {
    return busy.get();
  }
}
