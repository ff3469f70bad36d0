package io.korebridge.kore;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.CampaignRequestEvent;
import io.korebridge.contract.FailureReason;
import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Which tenant's credentials an event may use, by the topic it came from. The topic is the trust
 * boundary: Kafka ACLs decide who may write to it, and a tenant bound to topics accepts events only
 * from those. An event outside its tenant's topics (or without a tenant where one is required) is
 * FAILED {@code TENANT_NOT_ALLOWED} before any Kore call.
 */
@ApplicationScoped
@Named("tenantTopicBindings")
public class TenantTopicBindings {

  private final Map<String, List<String>> topicsByTenant = new TreeMap<>();
  private final boolean tenantRequired;

  public TenantTopicBindings(KoreConfig config, KoreTenants tenants) {
    config
        .defaults()
        .topics()
        .ifPresent(t -> topicsByTenant.put(CampaignRequestEvent.DEFAULT_TENANT, t));
    config
        .tenants()
        .forEach((name, tenant) -> tenant.topics().ifPresent(t -> topicsByTenant.put(name, t)));
    this.tenantRequired = config.requireTenant() && tenants.all().size() > 1;
  }

  /** The route step: checks the validated event against the topic its record came from. */
  public void check(
      @Body CampaignRequestEvent event,
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery) {
    check(event.tenant(), delivery.received().topic());
  }

  /**
   * @param tenant the event's {@code tenant}, null when it names none
   * @param topic the topic the event was read from
   */
  void check(String tenant, String topic) {
    if (tenant == null && tenantRequired) {
      throw notAllowed(
          "the event names no tenant, and with several tenants configured one is required"
              + " (kore.require-tenant)");
    }
    String name = tenant == null ? CampaignRequestEvent.DEFAULT_TENANT : tenant;
    Optional<List<String>> allowed = Optional.ofNullable(topicsByTenant.get(name));
    if (allowed.isPresent() && !allowed.get().contains(topic)) {
      throw notAllowed(
          "tenant '"
              + name
              + "' does not accept events from topic "
              + topic
              + "; its topics are "
              + allowed.get());
    }
  }

  private static CampaignFailedException notAllowed(String message) {
    return new CampaignFailedException(
        FailureReason.TENANT_NOT_ALLOWED, message, null, null, List.of());
  }
}
