package io.korebridge.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.outcome.CampaignCreated;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;

/** The sample events and Kore bodies under {@code src/test/resources/samples}. */
public final class Samples {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Samples() {}

  /** The seed campaign request with {@code eventId}, changed by {@code change}, as Kafka bytes. */
  public static byte[] request(String eventId, Consumer<ObjectNode> change) {
    try {
      ObjectNode event = (ObjectNode) JSON.readTree(bytes("campaign-request.json"));
      event.put("eventId", eventId);
      change.accept(event);
      return JSON.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A change of the seed request: it names {@code tenant}. */
  public static Consumer<ObjectNode> forTenant(String tenant) {
    return event -> event.put("tenant", tenant);
  }

  /** The seed request's {@code campaign} object, for changes to it. */
  public static ObjectNode campaign(ObjectNode event) {
    return (ObjectNode) event.get("campaign");
  }

  public static byte[] bytes(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String name) {
    return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A CREATED outcome of Kore campaign {@code campaignId}, as the ledger remembers it. */
  public static CampaignCreated createdCampaign(
      String tenant, String eventId, String campaignId, int attempts, Instant at) {
    return new CampaignCreated(
        eventId,
        tenant,
        campaignId,
        "Campaign " + campaignId,
        "Ready",
        "cf-flow",
        "Campaign " + campaignId + " creation in progress",
        attempts,
        false,
        at.toString(),
        null);
  }
}
