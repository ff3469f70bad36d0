package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.korebridge.testsupport.Kustomize;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifests under k8s/ parse into the Kubernetes object model and agree with the service. */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();
  private static final String IDEMPOTENCY_DEFAULT = "campaign-idempotency";

  private final Properties app = properties(Path.of("application.properties"));

  @Test
  void every_yaml_document_under_k8s_parses_into_the_object_model_without_unknown_fields()
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(K8S)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      for (JsonNode doc : Kustomize.documents(file)) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
          assertThat(doc.path("kind").asText())
              .as(file.toString())
              .isIn("Kustomization", "Component");
          continue;
        }
        HasMetadata resource = parse(doc);
        assertThat(resource.getMetadata().getName()).as(file.toString()).isNotBlank();
        assertThat(unknownFields(resource, "")).as("unknown fields in %s", file).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void probes_use_the_health_paths_on_the_management_port(String overlay) {
    Container bridge = container(render(overlay));
    int port = Integer.parseInt(app.getProperty("campaign.management.port"));
    String root = "/q/" + "health";

    assertThat(bridge.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("management");
              assertThat(p.getContainerPort()).isEqualTo(port);
            });
    assertThat(app.getProperty("quarkus.management.port")).isEqualTo("${campaign.management.port}");
    assertProbe(bridge.getLivenessProbe(), root + "/live");
    assertProbe(bridge.getReadinessProbe(), root + "/ready");
    assertProbe(bridge.getStartupProbe(), root + "/started");
    bridge.getEnv().stream()
        .filter(e -> e.getName().equals("CAMPAIGN_MANAGEMENT_PORT"))
        .forEach(e -> assertThat(e.getValue()).isEqualTo(Integer.toString(port)));

    Service metrics = only(render(overlay), Service.class);
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(port);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("management");
            });
    GenericKubernetesResource monitor = generic(render(overlay), "ServiceMonitor");
    assertThat(monitor.get("spec", "endpoints", 0, "path").toString()).isEqualTo("/q/metrics");
    assertThat(monitor.get("spec", "endpoints", 0, "port").toString()).isEqualTo("management");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void the_pod_runs_non_root_read_only_without_capabilities_and_with_resources(String overlay) {
    List<HasMetadata> resources = render(overlay);
    Deployment deployment = only(resources, Deployment.class);
    Container bridge = container(resources);

    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
    assertThat(bridge.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(bridge.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(bridge.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(bridge.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(bridge.getResources().getLimits()).containsKey("memory");
    assertThat(bridge.getImage()).doesNotEndWith(":latest").contains(":");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void every_environment_variable_and_config_map_entry_is_a_real_configuration_key(String overlay) {
    List<HasMetadata> resources = render(overlay);
    Container bridge = container(resources);
    Set<String> keys = configurationKeys();
    Set<String> envForms = new HashSet<>();
    keys.forEach(key -> envForms.add(environmentVariable(key)));

    assertThat(bridge.getEnv())
        .extracting(EnvVar::getName)
        .isNotEmpty()
        .allSatisfy(
            name -> assertThat(envForms).as("configuration key for %s", name).contains(name));
    String configMapName = bridge.getEnvFrom().get(0).getConfigMapRef().getName();
    io.fabric8.kubernetes.api.model.ConfigMap config =
        resources.stream()
            .filter(r -> r instanceof io.fabric8.kubernetes.api.model.ConfigMap)
            .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast)
            .filter(c -> c.getMetadata().getName().equals(configMapName))
            .findFirst()
            .orElseThrow();
    assertThat(config.getData().keySet())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(keys).as("configuration key").contains(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void topics_user_acls_and_autoscaling_name_the_configured_topics_and_group(String overlay) {
    List<HasMetadata> resources = render(overlay);
    String requests = app.getProperty("campaign.topics.requests");
    String results = app.getProperty("campaign.topics.results");
    String deadLetter = app.getProperty("campaign.topics.dead-letter");
    String idempotency = app.getProperty("campaign.topics.idempotency", IDEMPOTENCY_DEFAULT);
    String group = app.getProperty("campaign.consumer.group-id");

    List<GenericKubernetesResource> topics = generics(resources, "KafkaTopic");
    assertThat(topics)
        .extracting(t -> t.get("spec", "topicName").toString())
        .containsExactlyInAnyOrder(requests, results, deadLetter, idempotency);
    assertThat(topics)
        .filteredOn(t -> t.get("spec", "topicName").equals(idempotency))
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.get("spec", "config", "cleanup.policy").toString())
                    .isEqualTo("compact"));

    GenericKubernetesResource user = generic(resources, "KafkaUser");
    List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
    assertThat(acls)
        .extracting(acl -> String.valueOf(((Map<?, ?>) acl.get("resource")).get("name")))
        .containsExactlyInAnyOrder(requests, group, results, deadLetter, idempotency);

    GenericKubernetesResource scaler = generic(resources, "ScaledObject");
    assertThat(scaler.get("spec", "scaleTargetRef", "name").toString())
        .isEqualTo(only(resources, Deployment.class).getMetadata().getName());
    assertThat(scaler.get("spec", "triggers", 0, "metadata", "topic").toString())
        .isEqualTo(requests);
    assertThat(scaler.get("spec", "triggers", 0, "metadata", "consumerGroup").toString())
        .isEqualTo(group);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void network_policy_lets_out_only_kafka_kore_and_dns(String overlay) {
    NetworkPolicy policy = only(render(overlay), NetworkPolicy.class);
    assertThat(policy.getSpec().getPolicyTypes()).contains("Egress", "Ingress");
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(rule -> rule.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactlyInAnyOrder(9093, 443, 53, 53);
    assertThat(policy.getSpec().getIngress())
        .flatExtracting(rule -> rule.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(Integer.parseInt(app.getProperty("campaign.management.port")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void alerts_cover_dead_letters_lag_kore_errors_and_auth_failures_on_exposed_metrics(
      String overlay) {
    GenericKubernetesResource rule = generic(render(overlay), "PrometheusRule");
    List<Map<String, Object>> rules = rule.get("spec", "groups", 0, "rules");
    String exprs = String.join("\n", rules.stream().map(r -> r.get("expr").toString()).toList());
    assertThat(exprs)
        .contains("campaign_outcomes_total{outcome=\"FAILED\"}")
        .contains("kafka_consumer_fetch_manager_records_lag_max")
        .contains("kore_call_duration_seconds_count")
        .contains("reason=\"KORE_AUTH_FAILED\"")
        .contains("kore_token_renewals_total");
    assertThat(prometheusName(BridgeMetrics.OUTCOMES) + "_total")
        .isEqualTo("campaign_outcomes_total");
    assertThat(prometheusName(BridgeMetrics.KORE_CALLS) + "_seconds_count")
        .isEqualTo("kore_call_duration_seconds_count");
    assertThat(prometheusName(BridgeMetrics.TOKEN_RENEWALS) + "_total")
        .isEqualTo("kore_token_renewals_total");
  }

  @Test
  void the_secret_template_holds_placeholders_only() {
    for (JsonNode doc :
        Kustomize.documents(K8S.resolve("templates/kore-credentials.secret.yaml"))) {
      io.fabric8.kubernetes.api.model.Secret secret =
          (io.fabric8.kubernetes.api.model.Secret) parse(doc);
      assertThat(secret.getStringData()).isNotEmpty();
      assertThat(secret.getStringData().values())
          .allSatisfy(v -> assertThat(v).startsWith("<REPLACE"));
      assertThat(secret.getData()).isNullOrEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void kubectl_kustomize_renders_the_same_resources_where_kubectl_exists(String overlay)
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(kubectlAvailable(), "kubectl is not installed");
    Process kubectl =
        new ProcessBuilder(
                "kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
            .redirectErrorStream(false)
            .start();
    String out = new String(kubectl.getInputStream().readAllBytes());
    String err = new String(kubectl.getErrorStream().readAllBytes());
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(err).isZero();

    Set<String> theirs = new TreeSet<>();
    Path rendered = Files.createTempFile("kustomize-" + overlay, ".yaml");
    try {
      Files.writeString(rendered, out);
      for (JsonNode doc : Kustomize.documents(rendered)) {
        theirs.add(doc.path("kind").asText() + "/" + withoutHash(Kustomize.name(doc)));
      }
    } finally {
      Files.deleteIfExists(rendered);
    }
    Set<String> ours = new TreeSet<>();
    render(overlay).forEach(r -> ours.add(r.getKind() + "/" + r.getMetadata().getName()));
    assertThat(theirs).isEqualTo(ours);
  }

  // --- helpers --------------------------------------------------------------------------------

  private static boolean kubectlAvailable() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String withoutHash(String name) {
    return name.replaceFirst("-[a-z0-9]{10}$", "");
  }

  private static List<HasMetadata> render(String overlay) {
    List<HasMetadata> out = new ArrayList<>();
    for (ObjectNode node : Kustomize.render(K8S.resolve("overlays").resolve(overlay))) {
      out.add(parse(node));
    }
    return out;
  }

  private static HasMetadata parse(JsonNode doc) {
    Object parsed = KUBE.unmarshal(doc.toString());
    assertThat(parsed).isInstanceOf(HasMetadata.class);
    return (HasMetadata) parsed;
  }

  private static <T> T only(List<HasMetadata> resources, Class<T> type) {
    List<T> matching = resources.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static List<GenericKubernetesResource> generics(
      List<HasMetadata> resources, String kind) {
    return resources.stream()
        .filter(r -> r instanceof GenericKubernetesResource && kind.equals(r.getKind()))
        .map(GenericKubernetesResource.class::cast)
        .toList();
  }

  private static GenericKubernetesResource generic(List<HasMetadata> resources, String kind) {
    List<GenericKubernetesResource> matching = generics(resources, kind);
    assertThat(matching).as(kind).hasSize(1);
    return matching.get(0);
  }

  private static Container container(List<HasMetadata> resources) {
    List<Container> containers =
        only(resources, Deployment.class).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
  }

  /** Keys the service knows: set in application.properties, referenced there, or documented. */
  private Set<String> configurationKeys() {
    Set<String> keys = new TreeSet<>(app.stringPropertyNames());
    Matcher placeholder =
        Pattern.compile("\\$\\{([a-z0-9.\\-]+)")
            .matcher(String.join("\n", app.values().stream().map(Object::toString).toList()));
    while (placeholder.find()) {
      keys.add(placeholder.group(1));
    }
    try {
      Matcher row =
          Pattern.compile("(?m)^\\| `([a-z0-9.\\-]+)` \\| `")
              .matcher(Files.readString(Path.of("README.md")));
      while (row.find()) {
        keys.add(row.group(1));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return keys;
  }

  private static String environmentVariable(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static String prometheusName(String meter) {
    return meter.replace('.', '_');
  }

  private static Properties properties(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return props;
  }

  /** Paths of fields the object model did not recognise (they land in additionalProperties). */
  private static List<String> unknownFields(Object value, String path) {
    List<String> unknown = new ArrayList<>();
    if (value == null || value instanceof GenericKubernetesResource) {
      return unknown;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
      }
      return unknown;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
      return unknown;
    }
    if (!(value instanceof KubernetesResource)) {
      return unknown;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      try {
        Object field = getter.invoke(value);
        if (getter.getName().equals("getAdditionalProperties")) {
          if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(k -> unknown.add(path + "." + k));
          }
        } else {
          unknown.addAll(unknownFields(field, path + "." + getter.getName().substring(3)));
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return unknown;
  }
}
