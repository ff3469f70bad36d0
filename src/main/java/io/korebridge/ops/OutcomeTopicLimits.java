package io.korebridge.ops;

import io.korebridge.config.CampaignConfig;
import io.korebridge.outcome.Outcomes;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready only when the results and dead-letter topics accept the largest outcome the service can
 * publish ({@code max.message.bytes}). A topic that is missing or that we may not describe
 * (DescribeConfigs) is reported but does not make the service unready: the broker may create it on
 * first use, and an outcome it rejects still ends as a small OUTCOME_TOO_LARGE dead letter.
 */
@Readiness
@ApplicationScoped
public class OutcomeTopicLimits implements HealthCheck {

  static final String NAME = "outcome-topic-limits";
  private static final Logger LOG = Logger.getLogger(OutcomeTopicLimits.class);

  private final Duration timeout;
  private final String resultsTopic;
  private final String deadLetterTopic;
  private final int maxEventBytes;
  private final Outcomes outcomes;
  private final HealthAdminClient admin;

  public OutcomeTopicLimits(CamelContext camel, CampaignConfig config, Outcomes outcomes) {
    this.timeout = Duration.ofMillis(config.health().kafkaTimeoutMs());
    this.admin = new HealthAdminClient(camel, timeout, "kore-campaign-bridge-topic-limits");
    this.resultsTopic = config.topics().results();
    this.deadLetterTopic = config.topics().deadLetter();
    this.maxEventBytes = config.maxEventBytes();
    this.outcomes = outcomes;
  }

  /** One topic's verdict: {@code problem} makes readiness DOWN, {@code note} is only reported. */
  record TopicVerdict(
      String topic, Long maxMessageBytes, long needed, String problem, String note) {}

  /** What the service needs of each topic and what it found; plain logic, testable alone. */
  static TopicVerdict judge(String topic, Long maxMessageBytes, long needed, String lookupNote) {
    if (maxMessageBytes == null) {
      return new TopicVerdict(topic, null, needed, null, lookupNote);
    }
    if (maxMessageBytes < needed) {
      return new TopicVerdict(
          topic,
          maxMessageBytes,
          needed,
          "topic "
              + topic
              + " has max.message.bytes="
              + maxMessageBytes
              + " but outcomes of up to "
              + needed
              + " bytes are published to it: raise max.message.bytes to at least "
              + needed
              + " or lower campaign.outcome.max-bytes to at most "
              + maxMessageBytes,
          null);
    }
    return new TopicVerdict(topic, maxMessageBytes, needed, null, null);
  }

  /** The largest CREATED and FAILED records, as the README's rule states them. */
  Map<String, Long> needed() {
    Map<String, Long> needed = new LinkedHashMap<>();
    needed.put(resultsTopic, Math.min(Outcomes.largestCreatedBytes(), outcomes.maxOutcomeBytes()));
    needed.merge(deadLetterTopic, outcomes.largestPublishedDeadLetterBytes(), Math::max);
    return needed;
  }

  void logAtStartup(@Observes StartupEvent started) {
    fitOutcomesToTopics();
    long full = Outcomes.largestDeadLetterBytes(maxEventBytes);
    if (full > outcomes.maxOutcomeBytes()) {
      LOG.warnf(
          "Dead letters of up to %d bytes can occur for campaign.max-event-bytes=%d, more than"
              + " the %d bytes an outcome may have (campaign.outcome.max-bytes, or less to fit the"
              + " outcome topics' max.message.bytes): the largest ones will carry only the"
              + " request's location (\"reduced\"), not a copy",
          full, maxEventBytes, outcomes.maxOutcomeBytes());
    }
    for (TopicVerdict verdict : verdicts()) {
      if (verdict.problem() != null) {
        LOG.warn(verdict.problem());
      } else if (verdict.note() != null) {
        LOG.warn(verdict.note());
      }
    }
  }

  /** Outcomes are sized to the smaller outcome topic's max.message.bytes, as far as it is known. */
  void fitOutcomesToTopics() {
    for (String topic : List.of(resultsTopic, deadLetterTopic)) {
      Long limit = describe(topic, 0).maxMessageBytes();
      if (limit != null) {
        outcomes.fitTopicLimit(limit);
      }
    }
  }

  @Override
  public HealthCheckResponse call() {
    List<TopicVerdict> verdicts = verdicts();
    boolean up = verdicts.stream().allMatch(v -> v.problem() == null);
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(up);
    for (TopicVerdict verdict : verdicts) {
      String text =
          verdict.problem() != null
              ? verdict.problem()
              : verdict.note() != null
                  ? verdict.note()
                  : "max.message.bytes="
                      + verdict.maxMessageBytes()
                      + " >= "
                      + verdict.needed()
                      + " needed";
      response.withData(verdict.topic(), text);
    }
    return response.build();
  }

  List<TopicVerdict> verdicts() {
    Map<String, Long> needed = needed();
    List<TopicVerdict> verdicts = new ArrayList<>();
    for (Map.Entry<String, Long> topic : needed.entrySet()) {
      verdicts.add(describe(topic.getKey(), topic.getValue()));
    }
    return verdicts;
  }

  private TopicVerdict describe(String topic, long needed) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Config config =
          admin
              .get()
              .describeConfigs(List.of(resource))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(resource);
      ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      Long limit = entry == null || entry.value() == null ? null : Long.valueOf(entry.value());
      return judge(topic, limit, needed, "topic " + topic + ": max.message.bytes not reported");
    } catch (ExecutionException e) {
      return judge(topic, null, needed, cannotDescribe(topic, needed, e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return judge(topic, null, needed, "topic " + topic + ": not checked (interrupted)");
    } catch (Exception e) {
      return judge(topic, null, needed, cannotDescribe(topic, needed, e));
    }
  }

  private static String cannotDescribe(String topic, long needed, Throwable cause) {
    String rule = "; it must accept records of " + needed + " bytes (max.message.bytes)";
    if (cause instanceof UnknownTopicOrPartitionException) {
      return "topic " + topic + " does not exist yet (it may be auto-created)" + rule;
    }
    if (cause instanceof AuthorizationException) {
      return "topic "
          + topic
          + ": its limits cannot be checked, the DescribeConfigs permission on it is missing"
          + rule;
    }
    return "topic "
        + topic
        + ": its limits could not be checked ("
        + cause.getClass().getSimpleName()
        + ")"
        + rule;
  }

  @PreDestroy
  void close() {
    admin.close();
  }
}
