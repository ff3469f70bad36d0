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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * A Kore.ai campaign API double over real HTTP. It answers like Kore's sample response only when a
 * request meets the documented contract (path, query, headers, required body fields); anything else
 * gets a 400 naming the contract, so a bridge that drifts from Kore fails its tests.
 */
public final class KoreSimulator implements AutoCloseable {

  public static final String STREAM_ID = "st-0603182c-7ffb-53c3-b307-47ca14b00001";
  public static final String ACCOUNT_ID = "67777ce93e25326494e00001";
  public static final String IID = STREAM_ID;
  public static final String JWT = "simulator-issued-token";
  public static final String CAMPAIGN_PATH = "/api/v2/public/{streamId}/campaign";

  private static final int CONTRACT_PRIORITY = 5;
  private static final int FALLBACK_PRIORITY = 10;
  private static final int OVERRIDE_PRIORITY = 1;

  private final WireMockServer server;

  private KoreSimulator(WireMockServer server) {
    this.server = server;
  }

  public static KoreSimulator start() {
    return start(0);
  }

  public static KoreSimulator start(int port) {
    WireMockServer server =
        new WireMockServer(
            options().port(port).extensions(new KoreCampaignResponder()).containerThreads(32));
    server.start();
    KoreSimulator simulator = new KoreSimulator(server);
    simulator.reset();
    return simulator;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public int port() {
    return server.port();
  }

  /** Back to the contract-enforcing behaviour, with an empty request log. */
  public void reset() {
    server.resetAll();
    server.stubFor(contract().withRequestBody(matchingJsonPath("$.experienceFlowName")));
    server.stubFor(contract().withRequestBody(matchingJsonPath("$.message.message")));
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

  public List<LoggedRequest> campaignRequests() {
    return server.findAll(postRequestedFor(urlPathTemplate(CAMPAIGN_PATH)));
  }

  /** The bodies the simulator answered create-campaign requests with, oldest first. */
  public List<String> campaignResponses() {
    return server.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().contains("/campaign"))
        .sorted(java.util.Comparator.comparing(event -> event.getRequest().getLoggedDate()))
        .map(event -> event.getResponse().getBodyAsString())
        .toList();
  }

  /** Every request the simulator received on {@code path} (any method), oldest first. */
  public List<LoggedRequest> requestsTo(String path) {
    return server.findAll(
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(path)));
  }

  private static MappingBuilder contract() {
    return post(urlPathTemplate(CAMPAIGN_PATH))
        .atPriority(CONTRACT_PRIORITY)
        .withPathParam("streamId", equalTo(STREAM_ID))
        .withQueryParam("accountId", equalTo(ACCOUNT_ID))
        .withQueryParam("campaignType", equalTo("sms"))
        .withHeader("auth", equalTo(JWT))
        .withHeader("accountid", equalTo(ACCOUNT_ID))
        .withHeader("iid", equalTo(IID))
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
