package io.korebridge.kore;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.CampaignRequestEvent;
import io.korebridge.contract.FailureReason;
import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.quarkus.main.events.BeforeStart;

/**
 * Which tenant's credentials an event may use, by the topic it came from. The topic is the trust
 * boundary: Kafka ACLs decide who may write to it, and a tenant bound to topics accepts events only
 * from those. An event outside its tenant's topics (or without a tenant where one is required) is
 * FAILED {@code TENANT_NOT_ALLOWED} before any Kore call. Default-deny once there is more than one
 * tenant: each must be bound (or say {@value #ANY_TOPIC}), and an event must name its tenant unless
 * {@code kore.require-tenant=false}.
 */
@ApplicationScoped
@Named("tenantTopicBindings")
public class TenantTopicBindings {

  /** In a tenant's {@code topics}: it accepts events from every consumed topic, on purpose. */
  public static final String ANY_TOPIC = "*";

  private final Map<String, List<String>> topicsByTenant;
  private final boolean tenantRequired;

  @Inject
  public TenantTopicBindings(KoreConfig config, KoreTenants tenants) {
    this(config, names(tenants));
  }

  private static Set<String> names(KoreTenants tenants) {
    Set<String> names = new TreeSet<>();
    tenants.all().forEach(tenant -> names.add(tenant.name()));
    return names;
  }

  /**
   * Binds each of {@code tenants} to its topics. With more than one tenant, every tenant must be
   * bound ({@code kore.topics} for {@code default}, {@code kore.tenants."<name>".topics} for the
   * others), {@value #ANY_TOPIC} to accept every topic on purpose; start-up fails otherwise.
   */
  TenantTopicBindings(KoreConfig config, Set<String> tenants) {
    Map<String, List<String>> bound = new TreeMap<>();
    config.defaults().topics().ifPresent(t -> bound.put(CampaignRequestEvent.DEFAULT_TENANT, t));
    config.tenants().forEach((name, tenant) -> tenant.topics().ifPresent(t -> bound.put(name, t)));
    if (tenants.size() > 1) {
      List<String> unbound = tenants.stream().filter(name -> !bound.containsKey(name)).toList();
      if (!unbound.isEmpty()) {
        throw new IllegalStateException(
            "Kore tenant(s) "
                + unbound
                + " are bound to no request topic: with several tenants each must name the topics"
                + " it accepts events from (kore.topics for 'default',"
                + " kore.tenants.\"<name>\".topics for the others), or '"
                + ANY_TOPIC
                + "' to accept every consumed topic");
      }
    }
    bound.replaceAll((name, topics) -> topics.contains(ANY_TOPIC) ? null : List.copyOf(topics));
    bound.values().removeIf(Objects::isNull);
    this.topicsByTenant = Map.copyOf(bound);
    this.tenantRequired = config.requireTenant() && tenants.size() > 1;
  }

  /** Observing this event makes the container build the bean, and check the bindings, first. */
  void checkBeforeCamelStarts(@Observes BeforeStart camelStarting) {}

  /** The route step: checks the validated event against the topic its record came from. */
  public void check(
      @Body CampaignRequestEvent event,
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery) {
    check(event.tenant(), delivery.received().topic());
  }

  /**
   * @param tenant the event's {@code tenant} (a valid tenant name), null when it names none
   * @param topic the topic the event was read from
   */
  void check(String tenant, String topic) {
    if (tenant == null && tenantRequired) {
      throw notAllowed(
          "the event names no tenant, and with several tenants configured one is required"
              + " (kore.require-tenant)");
    }
    String name = tenant == null ? CampaignRequestEvent.DEFAULT_TENANT : tenant;
    List<String> allowed = topicsByTenant.get(name);
    if (allowed != null && !allowed.contains(topic)) {
      throw notAllowed("tenant '" + name + "' does not accept events from topic " + topic);
    }
  }

  private static CampaignFailedException notAllowed(String message) {
    return new CampaignFailedException(
        FailureReason.TENANT_NOT_ALLOWED, message, null, null, List.of());
  }
}
