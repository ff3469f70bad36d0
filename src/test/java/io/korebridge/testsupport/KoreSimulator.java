package io.korebridge.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathTemplate;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kore.ai campaign API double over real HTTP. It answers like Kore's sample response only when a
 * request meets the documented contract (path, query, headers, required body fields); anything else
 * gets a 400 naming the contract, so a bridge that drifts from Kore fails its tests. The {@code
 * auth} token must be signed with the client secret of the account named in the {@code accountid}
 * header and carry that app's {@code appId}; otherwise the answer is 401 (see {@link
 * KoreTokenCheck}). It knows {@link #DEFAULT_ACCOUNT}, {@link #SECOND_ACCOUNT} and whatever {@link
 * #addAccount} adds.
 */
public final class KoreSimulator implements AutoCloseable {

  public static final String STREAM_ID = "st-0603182c-7ffb-53c3-b307-47ca14b00001";
  public static final String ACCOUNT_ID = "67777ce93e25326494e00001";
  public static final String IID = STREAM_ID;
  public static final String CLIENT_ID = "cs-5b2a0c1e-1d7e-5a8e-9a47-3f0c8d200001";
  public static final String CLIENT_SECRET = "simulator-client-secret-0001-0123456789abcdef";
  public static final String CAMPAIGN_PATH = "/api/v2/public/{streamId}/campaign";
  public static final String LIST_PATH =
      "/campaign/api/v2/public/{streamId}/campaign/getAllCampaignDetails";

  /** One Kore account, bot and app: what a tenant of the bridge points at. */
  public record Account(
      String accountId, String streamId, String iid, String clientId, String clientSecret) {
    @Override
    public String toString() {
      return "Account[" + accountId + ", " + clientId + "]";
    }
  }

  public static final Account DEFAULT_ACCOUNT =
      new Account(ACCOUNT_ID, STREAM_ID, IID, CLIENT_ID, CLIENT_SECRET);
  public static final Account SECOND_ACCOUNT =
      new Account(
          "67777ce93e25326494e00002",
          "st-0603182c-7ffb-53c3-b307-47ca14b00002",
          "st-0603182c-7ffb-53c3-b307-47ca14b00002",
          "cs-5b2a0c1e-1d7e-5a8e-9a47-3f0c8d200002",
          "simulator-client-secret-0002-fedcba9876543210");

  /** A pre-issued token for {@link #DEFAULT_ACCOUNT}, the way Kore's docs show one (no exp). */
  public static final String JWT = KoreTokenCheck.sign(DEFAULT_ACCOUNT, "pre-issued");

  private static final int OVERRIDE_PRIORITY = 1;
  private static final int CONTRACT_PRIORITY = 5;
  private static final int AUTH_PRIORITY = 7;
  private static final int FALLBACK_PRIORITY = 10;

  private WireMockServer server;
  private final WireMockConfiguration options;
  private final int port;
  private final int httpsPort;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Set<String> expiredTokens = ConcurrentHashMap.newKeySet();
  private final KoreRateLimit rateLimit;
  private final KoreCampaigns campaigns;

  private KoreSimulator(
      WireMockServer server,
      WireMockConfiguration options,
      KoreRateLimit rateLimit,
      KoreCampaigns campaigns) {
    this.server = server;
    this.options = options;
    this.rateLimit = rateLimit;
    this.campaigns = campaigns;
    this.port = server.port();
    this.httpsPort = server.getOptions().httpsSettings().enabled() ? server.httpsPort() : -1;
    addAccountQuietly(DEFAULT_ACCOUNT);
    addAccountQuietly(SECOND_ACCOUNT);
  }

  public static KoreSimulator start() {
    return start(0);
  }

  public static KoreSimulator start(int port) {
    return start(options().port(port));
  }

  /** Serves HTTP and, with the certificate's key store, HTTPS on another port. */
  public static KoreSimulator startWithTls(SelfSignedCertificate certificate) {
    return start(
        options()
            .dynamicPort()
            .httpsPort(0)
            .keystorePath(certificate.keyStore().toString())
            .keystorePassword(certificate.password())
            .keyManagerPassword(certificate.password())
            .keystoreType(SelfSignedCertificate.TYPE));
  }

  /**
   * Serves HTTP with {@code threads} request threads: enough for as many slow answers in flight as
   * a benchmark needs (Jetty's acceptors and selectors take a few of them).
   */
  public static KoreSimulator startWithThreads(int threads) {
    return start(options().dynamicPort(), threads);
  }

  private static KoreSimulator start(WireMockConfiguration options) {
    return start(options, 32);
  }

  private static KoreSimulator start(WireMockConfiguration options, int threads) {
    KoreRateLimit rateLimit = new KoreRateLimit();
    KoreCampaigns campaigns = new KoreCampaigns();
    WireMockServer server =
        new WireMockServer(
            options
                .extensions(
                    new KoreCampaignResponder(campaigns),
                    new KoreCampaignListResponder(campaigns),
                    rateLimit)
                .containerThreads(threads));
    server.start();
    KoreSimulator simulator = new KoreSimulator(server, options, rateLimit, campaigns);
    simulator.reset();
    return simulator;
  }

  /** {@code http://localhost:<port>}, also when HTTPS is served too. */
  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** {@code https://localhost:<port>}; only when started {@link #startWithTls}. */
  public String httpsBaseUrl() {
    return "https://localhost:" + httpsPort;
  }

  /** Accepts campaigns for {@code account} too, from now on and after every {@link #reset}. */
  public void addAccount(Account account) {
    addAccountQuietly(account);
    stubContract(account);
  }

  /** Stops accepting campaigns for {@code account} after the next {@link #reset}. */
  public void removeAccount(Account account) {
    if (account.accountId().equals(ACCOUNT_ID)
        || account.accountId().equals(SECOND_ACCOUNT.accountId())) {
      throw new IllegalArgumentException("the simulator's own accounts stay: " + account);
    }
    accounts.remove(account.accountId());
  }

  /** A token {@code account}'s app would sign the way Kore's docs show one (no expiry). */
  public static String tokenFor(Account account) {
    return KoreTokenCheck.sign(account, "kore-campaign-bridge");
  }

  public Collection<Account> accounts() {
    return List.copyOf(accounts.values());
  }

  /**
   * Every token the simulator has been sent so far counts as expired from now on: the next call
   * with one of them gets a 401, as an expired token would at Kore.
   */
  public void expireTokensSeenSoFar() {
    server
        .getAllServeEvents()
        .forEach(
            event -> {
              String token = event.getRequest().getHeader("auth");
              if (token != null) {
                expiredTokens.add(token);
              }
            });
  }

  public int port() {
    return port;
  }

  /** Closes the ports, as a Kore outage looks from the bridge: connections are refused. */
  public void goDown() {
    server.stop();
  }

  /** Listens on the same ports again, with the contract stubs and an empty request log. */
  public void comeBack() {
    if (server.isRunning()) {
      return;
    }
    options.port(port);
    if (httpsPort > 0) {
      options.httpsPort(httpsPort);
    }
    server = new WireMockServer(options);
    server.start();
    reset();
  }

  /** Answers from now on wait {@code delay} first, like a slow Kore. */
  public void delayAnswers(java.time.Duration delay) {
    server.setGlobalFixedDelay((int) delay.toMillis());
  }

  /** Answers from now on wait a random time between {@code minMs} and {@code maxMs} first. */
  public KoreSimulator withRandomLatency(int minMs, int maxMs) {
    server.updateGlobalSettings(
        com.github.tomakehurst.wiremock.global.GlobalSettings.builder()
            .delayDistribution(
                new com.github.tomakehurst.wiremock.http.UniformDistribution(minMs, maxMs))
            .build());
    return this;
  }

  /**
   * The most create-campaign requests that were being served at the same moment since the last
   * {@link #reset}, from each request's arrival and serving time.
   */
  public int mostCampaignCallsAtOnce() {
    List<long[]> spans =
        server.getAllServeEvents().stream()
            .filter(event -> isCreate(event.getRequest().getUrl()))
            .map(
                event -> {
                  long start = event.getRequest().getLoggedDate().getTime();
                  return new long[] {start, start + event.getTiming().getTotalTime()};
                })
            .toList();
    java.util.TreeMap<Long, Integer> changes = new java.util.TreeMap<>();
    for (long[] span : spans) {
      changes.merge(span[0], 1, Integer::sum);
      changes.merge(span[1], -1, Integer::sum);
    }
    int now = 0;
    int most = 0;
    for (int change : changes.values()) {
      now += change;
      most = Math.max(most, now);
    }
    return most;
  }

  /** Answers from now on wait {@code latency} first; {@code Duration.ZERO} for none. */
  public KoreSimulator withLatency(java.time.Duration latency) {
    delayAnswers(latency);
    return this;
  }

  /**
   * Account {@code accountId} may make {@code perMinute} create-campaign calls in any 60-second
   * window; beyond that it gets 429 with {@code Retry-After}, as Kore's rate limit answers. Until
   * {@link #reset}.
   */
  public KoreSimulator rateLimitPerMinute(String accountId, int perMinute) {
    rateLimit.limit(accountId, perMinute);
    return this;
  }

  /** How many calls the rate limit answered with 429 since the last {@link #reset}. */
  public long tooManyRequestsAnswered() {
    return rateLimit.refused();
  }

  /**
   * Create calls from now on create their campaign at once and answer {@code delay} later (a client
   * that times out first has created a campaign without knowing it); {@code Duration.ZERO} answers
   * at once again.
   */
  public void createThenAnswerLate(java.time.Duration delay) {
    campaigns.answerLateBy(delay);
  }

  /** The next {@code times} create calls create their campaign, then the connection is reset. */
  public void dropConnectionAfterCreating(int times) {
    campaigns.dropConnectionAfterCreating(times);
  }

  /**
   * From now on a create whose name exists is refused with {@code status} and a body saying so
   * ("Campaign name already exists"), creating nothing; 0 accepts duplicates again.
   */
  public void rejectDuplicateNames(int status) {
    campaigns.rejectDuplicateNames(status);
  }

  /** The campaign list answers {@code status} (e.g. 503) from now on; 0 serves it again. */
  public void listDown(int status) {
    campaigns.listDown(status);
  }

  /** How many campaigns the simulator created per name since the last {@link #reset}. */
  public Map<String, Integer> campaignsCreatedPerName() {
    return campaigns.countPerName();
  }

  /** The ids of the campaigns created with {@code name}, oldest first. */
  public List<String> campaignIdsNamed(String name) {
    return campaigns.named(name).stream().map(KoreCampaigns.Created::id).toList();
  }

  /** Every campaign-list request received since the last {@link #reset}. */
  public List<LoggedRequest> listRequests() {
    return server.findAll(postRequestedFor(urlPathTemplate(LIST_PATH)));
  }

  /** Back to the contract-enforcing behaviour, with an empty request log and no rate limits. */
  public void reset() {
    server.resetAll();
    rateLimit.clear();
    campaigns.clear();
    expiredTokens.clear();
    accounts.values().forEach(this::stubContract);
    server.stubFor(
        post(urlPathTemplate(CAMPAIGN_PATH))
            .atPriority(AUTH_PRIORITY)
            .andMatching(request -> KoreTokenCheck.refuses(request, accounts, expiredTokens))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errors\":[{\"msg\":\"Invalid SDK credentials\",\"code\":4002}]}")));
    server.stubFor(
        any(anyUrl())
            .atPriority(FALLBACK_PRIORITY)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"failure\",\"errors\":[{\"msg\":\"Request does not match"
                            + " the Kore create-campaign contract\",\"code\":400}]}")));
  }

  /**
   * Every create-campaign request answers {@code status} with {@code body} until {@link #reset}.
   */
  public void answerWith(int status, String body) {
    server.stubFor(
        post(urlPathTemplate(CAMPAIGN_PATH))
            .atPriority(OVERRIDE_PRIORITY)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  /**
   * The next {@code times} create-campaign requests get {@code status} (with {@code headers}),
   * after a delay of {@code delayMs}; later ones are served by the contract again.
   */
  public void failNext(int times, int status, Map<String, String> headers, int delayMs) {
    failNext(null, times, status, headers, delayMs);
  }

  /** {@link #failNext(int, int, Map, int)} for the create-campaign requests of one account only. */
  public void failNext(String accountId, int times, int status, Map<String, String> headers) {
    failNext(accountId, times, status, headers, 0);
  }

  /**
   * Every create-campaign request of account {@code accountId} gets {@code status} (with {@code
   * headers}) until {@link #recover} with the returned id, or {@link #reset}: that account is down
   * while the others are served.
   */
  public UUID failAccount(String accountId, int status, Map<String, String> headers) {
    ResponseDefinitionBuilder answer =
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"status\":\"failure\",\"errors\":[{\"msg\":\"simulated\"}]}");
    headers.forEach(answer::withHeader);
    return server
        .stubFor(
            post(urlPathTemplate(CAMPAIGN_PATH))
                .atPriority(OVERRIDE_PRIORITY)
                .withQueryParam("accountId", equalTo(accountId))
                .willReturn(answer))
        .getId();
  }

  /** Ends a {@link #failAccount} fault: the account is served by the contract again. */
  public void recover(UUID fault) {
    server.removeStub(fault);
  }

  private void failNext(
      String accountId, int times, int status, Map<String, String> headers, int delayMs) {
    String scenario = "fail-next-" + UUID.randomUUID();
    for (int i = 0; i < times; i++) {
      ResponseDefinitionBuilder answer =
          aResponse()
              .withStatus(status)
              .withHeader("Content-Type", "application/json")
              .withBody("{\"status\":\"failure\",\"errors\":[{\"msg\":\"simulated\"}]}")
              .withFixedDelay(delayMs);
      headers.forEach(answer::withHeader);
      MappingBuilder failure = post(urlPathTemplate(CAMPAIGN_PATH));
      if (accountId != null) {
        failure = failure.withQueryParam("accountId", equalTo(accountId));
      }
      server.stubFor(
          failure
              .atPriority(OVERRIDE_PRIORITY)
              .inScenario(scenario)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed-" + i)
              .willSetStateTo("failed-" + (i + 1))
              .willReturn(answer));
    }
  }

  /** Every request the simulator received on {@code path} (any method), oldest first. */
  public List<LoggedRequest> requestsTo(String path) {
    return server.findAll(
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(path)));
  }

  public List<LoggedRequest> campaignRequests() {
    return server.findAll(postRequestedFor(urlPathTemplate(CAMPAIGN_PATH)));
  }

  /** A create-campaign request and the status it was answered with (0 while unanswered). */
  public record CampaignCall(LoggedRequest request, int status) {}

  /** Every create-campaign request with its answer's status, oldest first (429s included). */
  public List<CampaignCall> campaignCalls() {
    return server.getAllServeEvents().stream()
        .filter(event -> "POST".equals(event.getRequest().getMethod().getName()))
        .filter(event -> isCreate(event.getRequest().getUrl()))
        .sorted(java.util.Comparator.comparing(event -> event.getRequest().getLoggedDate()))
        .map(
            event ->
                new CampaignCall(
                    event.getRequest(),
                    event.getResponse() == null ? 0 : event.getResponse().getStatus()))
        .toList();
  }

  /** The bodies the simulator answered create-campaign requests with, oldest first. */
  public List<String> campaignResponses() {
    return server.getAllServeEvents().stream()
        .filter(event -> isCreate(event.getRequest().getUrl()))
        .sorted(java.util.Comparator.comparing(event -> event.getRequest().getLoggedDate()))
        .map(event -> event.getResponse().getBodyAsString())
        .toList();
  }

  private static boolean isCreate(String url) {
    return url.contains("/campaign") && !url.contains("getAllCampaignDetails");
  }

  private void addAccountQuietly(Account account) {
    accounts.put(account.accountId(), account);
  }

  /** Advanced format needs experienceFlowName, simple format message.message. */
  private void stubContract(Account account) {
    server.stubFor(contract(account).withRequestBody(matchingJsonPath("$.experienceFlowName")));
    server.stubFor(contract(account).withRequestBody(matchingJsonPath("$.message.message")));
    server.stubFor(
        post(urlPathTemplate(LIST_PATH))
            .andMatching(request -> KoreTokenCheck.accepts(request, account, expiredTokens))
            .atPriority(CONTRACT_PRIORITY)
            .withPathParam("streamId", equalTo(account.streamId()))
            .withQueryParam("accountId", equalTo(account.accountId()))
            .withHeader("accountid", equalTo(account.accountId()))
            .withHeader("iid", equalTo(account.iid()))
            .withHeader("Content-Type", containing("application/json"))
            .willReturn(aResponse().withTransformers(KoreCampaignListResponder.NAME)));
  }

  private MappingBuilder contract(Account account) {
    return post(urlPathTemplate(CAMPAIGN_PATH))
        .andMatching(request -> KoreTokenCheck.accepts(request, account, expiredTokens))
        .atPriority(CONTRACT_PRIORITY)
        .withPathParam("streamId", equalTo(account.streamId()))
        .withQueryParam("accountId", equalTo(account.accountId()))
        .withQueryParam("campaignType", equalTo("sms"))
        .withHeader("accountid", equalTo(account.accountId()))
        .withHeader("iid", equalTo(account.iid()))
        .withHeader("Content-Type", containing("application/json"))
        .withRequestBody(matchingJsonPath("$.name"))
        .withRequestBody(matchingJsonPath("$.contactLists[0]"))
        .withRequestBody(matchingJsonPath("$[?(@.campaignType == 'sms')]"))
        .withRequestBody(matchingJsonPath("$[?(@.format in ['advanced', 'simple'])]"))
        .withRequestBody(matchingJsonPath("$.dialingStrategy.callerId.phoneNumber"))
        .withRequestBody(matchingJsonPath("$.dialingStrategy.callingHours.frequency"))
        .withRequestBody(matchingJsonPath("$.dialingStrategy.callingHours.timezone"))
        .withRequestBody(matchingJsonPath("$.dialingStrategy.callingHours.days[0].day"))
        .willReturn(aResponse().withTransformers(KoreCampaignResponder.NAME));
  }

  @Override
  public void close() {
    server.stop();
  }
}
