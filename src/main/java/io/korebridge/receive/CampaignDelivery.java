package io.korebridge.receive;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;

/**
 * Everything the bridge knows about one request while it is delivered: the record as received and
 * what each step has learnt so far. It is the pipeline's only per-request state; every step reads
 * and writes it through these typed methods (exchange property {@link #PROPERTY}).
 *
 * <p>One step works on a delivery at a time and hands it to the next through the delivery engine's
 * owner thread, which orders the writes. The engine's owner thread alone moves its {@link State};
 * only {@link #isAbandoned()} is read from other threads (a call thread checks it right before
 * sending).
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
  private Instant heldSince;
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
  private State state = State.RECEIVED;
  private long epoch;

  /** Where a request is on its way to an outcome; moved by the engine's owner thread only. */
  public enum State {
    /** Taken from Kafka; waits behind an earlier record with its key. */
    RECEIVED,
    /** On a worker: validated, looked up, mapped. */
    PREPARING,
    /** In its Kore account's line, for a call slot (also while the account is held). */
    WAITING_FOR_SLOT,
    /** On a call thread: look-up, intent, create call or a page of Kore's list. */
    CALLING,
    /** Waits for a retry time (a backoff, the ledger) on the owner's timer; no thread. */
    WAITING,
    /** Its campaign is being recorded in the ledger. */
    RECORDING,
    /** Its outcome is being published. */
    PUBLISHING,
    /** Its outcome is acknowledged. */
    FINISHED,
    /** Its partition's assignment ended here: nothing more is done or published for it. */
    ABANDONED;

    /** Work of its own is under way on another thread. */
    public boolean isBusy() {
      return this == PREPARING || this == CALLING || this == RECORDING || this == PUBLISHING;
    }
  }

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
   * Marks the request held (its Kore account or the ledger is unavailable); returns true the first
   * time, so a count of held requests kept from these answers stays exact.
   */
  public boolean hold(Instant now) {
    if (heldSince != null) {
      return false;
    }
    heldSince = now;
    return true;
  }

  /** Ends a hold; returns true when the request was held. */
  public boolean release() {
    boolean wasHeld = heldSince != null;
    heldSince = null;
    return wasHeld;
  }

  /** Since when the request is held, or null when it is not. */
  public Instant heldSince() {
    return heldSince;
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

  /** Its partition's assignment ended here: nothing more is done or published for it. */
  public void abandon() {
    this.abandoned = true;
    this.state = State.ABANDONED;
  }

  public boolean isAbandoned() {
    return abandoned;
  }

  public State state() {
    return state;
  }

  /** Moves to {@code next}; an abandoned request stays abandoned. */
  public void moveTo(State next) {
    if (!abandoned) {
      state = next;
    }
  }

  /**
   * Running on another thread (validated, calling Kore, recording, publishing) rather than waiting.
   */
  public boolean isBusy() {
    return state.isBusy();
  }

  /** The partition assignment it was received under; work of an ended one is never published. */
  public long epoch() {
    return epoch;
  }

  public void epoch(long assignment) {
    this.epoch = assignment;
  }
}
