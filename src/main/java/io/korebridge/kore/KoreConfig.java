package io.korebridge.kore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code kore.*} configuration: where Kore is and who we are there. The top-level keys are the
 * {@code default} tenant and the defaults of every tenant under {@code kore.tenants."<name>"}.
 */
@ConfigMapping(prefix = "kore")
public interface KoreConfig {

  /** Scheme and host of the Kore environment. */
  @WithDefault("https://platform.kore.ai")
  String baseUrl();

  /** Path of the create-campaign API; {@code {streamId}} is replaced by the stream id. */
  @WithDefault("/api/v2/public/{streamId}/campaign")
  String campaignPath();

  /** The top-level tenant settings (stream, account, credentials); all optional here. */
  @WithParentName
  TenantSettings defaults();

  /** Further tenants by the name an event's {@code tenant} field uses. */
  Map<String, NamedTenant> tenants();

  /** How the bridge signs its own tokens from client credentials. */
  Token token();

  /**
   * Allows plain {@code http://} base URLs to hosts other than loopback ones (a TLS-terminating
   * sidecar, for example); every such tenant is named in a warning at start-up.
   */
  @WithDefault("false")
  boolean allowInsecureHttp();

  /**
   * With more than one tenant configured, an event must name its tenant: one without is FAILED
   * {@code TENANT_NOT_ALLOWED} instead of going to {@code default}. Set false on purpose to send
   * tenant-less events to {@code default}; with one tenant it has no effect.
   */
  @WithDefault("true")
  boolean requireTenant();

  /** Trust for Kore's TLS certificate; verification itself is always on. */
  Tls tls();

  /** Timeouts of the HTTP client that calls Kore (applied by the Camel HTTP component). */
  Http http();

  /** Settings a tenant has; missing ones are taken from the top level. */
  interface TenantSettings {
    /** Bot or stream id ({@code st-...}). */
    Optional<String> streamId();

    /** Kore account id, sent as the {@code accountid} header and {@code accountId} query. */
    Optional<String> accountId();

    /** Application id sent as the {@code iid} header. */
    Optional<String> iid();

    /** Client id of the Kore app ({@code cs-...}); becomes the token's {@code appId} claim. */
    Optional<String> clientId();

    /** Client secret of the Kore app; signs the token (HS256). */
    Optional<String> clientSecret();

    /** A file holding the client secret (a mounted Kubernetes Secret, for example). */
    Optional<String> clientSecretFile();

    /** A pre-issued JWT for the {@code auth} header, used when no client credentials are set. */
    Optional<String> jwt();

    /** A file holding the pre-issued JWT instead (a mounted Kubernetes Secret, for example). */
    Optional<String> jwtFile();

    /**
     * The request topics this tenant accepts events from, so that Kafka ACLs on those topics decide
     * who may use its credentials; {@code *} for any consumed topic. Required for every tenant when
     * more than one is configured; with one tenant, unset means any consumed topic. Never inherited
     * from {@code kore.topics}, which binds the {@code default} tenant.
     */
    Optional<List<String>> topics();
  }

  /**
   * A tenant under {@code kore.tenants."<name>"}; it may also point at another Kore environment.
   */
  interface NamedTenant extends TenantSettings {
    Optional<String> baseUrl();

    Optional<String> campaignPath();

    /** This tenant's Kore account budget, when it differs from {@code kore.rate-limit}. */
    Optional<Integer> rateLimitPerMinute();
  }

  /** The client-side call budget per Kore account (Kore allows 60 calls a minute). */
  RateLimit rateLimit();

  interface RateLimit {
    /**
     * Calls per minute per Kore account, shared by all replicas (see README "Call budget"); 0
     * switches the budget off.
     */
    @WithDefault("60")
    int perMinute();

    /**
     * How long a 429 without {@code Retry-After} pauses every call of the account; with one, the
     * wait it asks for (capped by {@code kore.retry.max-retry-after-ms}).
     */
    @WithDefault("5000")
    long pushBackMs();
  }

  interface Token {
    /** The {@code sub} claim; Kore accepts any string. */
    @WithDefault("kore-campaign-bridge")
    String subject();

    /** Give every token a fresh {@code jti} (needed when the app enforces JTI). */
    @WithDefault("true")
    boolean jti();

    /** How long a signed token is used; also its {@code exp} when expiry claims are on. */
    @WithDefault("3600")
    long lifetimeSeconds();

    /** Put {@code iat} and {@code exp} into the token (Kore's own sample token has neither). */
    @WithDefault("true")
    boolean expiryClaims();

    /** A token is renewed this long before its lifetime ends. */
    @WithDefault("60")
    long renewBeforeSeconds();
  }

  interface Tls {
    /** A trust store with the certificates to trust for Kore instead of the JVM's defaults. */
    Optional<String> trustStorePath();

    Optional<String> trustStorePassword();

    @WithDefault("PKCS12")
    String trustStoreType();
  }

  /** How failed calls are retried; see README "Delivery guarantees". */
  Retry retry();

  interface Retry {
    /** Calls per request, the first included. */
    @WithDefault("5")
    int maxAttempts();

    @WithDefault("1000")
    long initialBackoffMs();

    @WithDefault("30000")
    long maxBackoffMs();

    /** Longest {@code Retry-After} honoured; longer requests are cut to this. */
    @WithDefault("60000")
    long maxRetryAfterMs();

    /** Time one request may spend in in-line retries. */
    @WithDefault("60000")
    long maxElapsedMs();
  }

  /** What happens when Kore stays unavailable; see README "Delivery guarantees". */
  Outage outage();

  interface Outage {
    @WithDefault("30000")
    long pauseMs();

    @WithDefault("900000")
    long giveUpAfterMs();
  }

  /** What happens when a create call's answer is lost; see docs/delivery-guarantees.md. */
  Reconcile reconcile();

  interface Reconcile {
    /**
     * {@code reconcile}: ask Kore's campaign list before sending again; {@code recreate}: send
     * again blindly (campaigns may be duplicated); {@code fail}: FAILED {@code
     * KORE_OUTCOME_UNKNOWN}.
     */
    @WithDefault("reconcile")
    ReconcilePolicy policy();

    /** Path of Kore's "Get All Campaigns" API; {@code {streamId}} is replaced by the stream id. */
    @WithDefault("/campaign/api/v2/public/{streamId}/campaign/getAllCampaignDetails")
    String listPath();

    /** How far Kore's clock may differ from ours; widens the searched window on both sides. */
    @WithDefault("120000")
    long clockAllowanceMs();

    /** Campaigns asked for per list call ({@code limit}). */
    @WithDefault("100")
    int pageSize();

    /** List pages read per reconciliation at most; each is one call of the account's budget. */
    @WithDefault("10")
    int maxPages();

    /** HTTP statuses with which Kore may say a campaign name exists. */
    @WithDefault("400,409")
    List<Integer> nameExistsStatus();

    /** A regular expression found in such an answer's body. */
    @WithDefault("(?i)already exists")
    String nameExistsBody();
  }

  interface Http {
    @WithDefault("5000")
    int connectTimeoutMs();

    @WithDefault("15000")
    int responseTimeoutMs();
  }
}
