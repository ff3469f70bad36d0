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
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.korebridge.config.ServiceConfiguration;
import io.korebridge.testsupport.Kustomize;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifests under k8s/ parse into the Kubernetes object model and agree with the service. */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();
  private static final String BRIDGE = "kore-campaign-bridge";
  private static final String KORE_SECRET = "kore-campaign-bridge-kore";

  private final Properties app = ServiceConfiguration.properties(Path.of("application.properties"));

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
    int port = Integer.parseInt(ServiceConfiguration.defaultOf("campaign.management.port"));
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
    keys.forEach(key -> envForms.add(ServiceConfiguration.environmentVariable(key)));

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
    String requests = ServiceConfiguration.defaultOf("campaign.topics.requests");
    String results = ServiceConfiguration.defaultOf("campaign.topics.results");
    String deadLetter = ServiceConfiguration.defaultOf("campaign.topics.dead-letter");
    String idempotency = ServiceConfiguration.defaultOf("campaign.topics.idempotency");
    String group = ServiceConfiguration.defaultOf("campaign.consumer.group-id");

    List<GenericKubernetesResource> topics = generics(resources, "KafkaTopic");
    assertThat(topics)
        .extracting(t -> t.get("spec", "topicName").toString())
        .containsExactlyInAnyOrder(requests, results, deadLetter, idempotency);
    assertThat(topics)
        .filteredOn(t -> t.get("spec", "topicName").equals(idempotency))
        .singleElement()
        .satisfies(
            t -> {
              // The ledger's retention (campaign.idempotency.retention, 7 days) on the topic too.
              assertThat(t.get("spec", "config", "cleanup.policy").toString())
                  .isEqualTo("compact,delete");
              assertThat(t.get("spec", "config", "retention.ms").toString())
                  .isEqualTo(Long.toString(java.time.Duration.ofDays(7).toMillis()));
            });

    GenericKubernetesResource user = named(generics(resources, "KafkaUser"), BRIDGE);
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
        .containsExactly(
            Integer.parseInt(ServiceConfiguration.defaultOf("campaign.management.port")));
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

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void egress_on_443_admits_public_addresses_only(String overlay) {
    NetworkPolicy policy = only(render(overlay), NetworkPolicy.class);
    List<NetworkPolicyEgressRule> https =
        policy.getSpec().getEgress().stream()
            .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 443))
            .toList();
    assertThat(https).singleElement();
    assertThat(https.get(0).getPorts()).singleElement();
    List<IPBlock> blocks =
        https.get(0).getTo().stream().map(NetworkPolicyPeer::getIpBlock).toList();
    assertThat(blocks).as("only address blocks, no selectors").doesNotContainNull().hasSize(1);
    IPBlock block = blocks.get(0);
    assertThat(block.getExcept())
        .contains(
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "169.254.0.0/16",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "0.0.0.0/8",
            "224.0.0.0/4",
            "240.0.0.0/4");
    block
        .getExcept()
        .forEach(
            except ->
                assertThat(Ipv4Block.of(block.getCidr()).covers(Ipv4Block.of(except)))
                    .as("%s inside %s (the API server rejects it otherwise)", except, block)
                    .isTrue());
    for (String internal :
        List.of(
            "169.254.169.254", // AWS, GCP, Azure instance metadata
            "100.100.100.200", // Alibaba Cloud metadata, in CGNAT space
            "100.64.0.10",
            "127.0.0.1",
            "10.96.0.1", // a typical Kubernetes API service address
            "172.20.0.1",
            "192.168.1.1",
            "0.0.0.0",
            "224.0.0.251",
            "255.255.255.255",
            "198.18.0.1")) {
      assertThat(admits(block, internal)).as("443 to %s", internal).isFalse();
    }
    for (String publicAddress : List.of("8.8.8.8", "34.120.177.193", "52.84.1.1", "1.1.1.1")) {
      assertThat(admits(block, publicAddress)).as("443 to %s", publicAddress).isTrue();
    }
    List<NetworkPolicyEgressRule> kafka =
        policy.getSpec().getEgress().stream()
            .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 9093))
            .toList();
    assertThat(kafka).singleElement();
    assertThat(kafka.get(0).getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getIpBlock()).isNull();
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .containsEntry("kubernetes.io/metadata.name", "kafka");
              assertThat(peer.getPodSelector().getMatchLabels())
                  .containsEntry("strimzi.io/cluster", "campaign-kafka");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void kore_secrets_reach_the_pod_as_mounted_files_read_through_the_file_keys(String overlay) {
    List<HasMetadata> resources = render(overlay);
    Deployment deployment = only(resources, Deployment.class);
    Container bridge = container(resources);
    Map<String, String> config = bridgeConfig(resources, bridge).getData();

    // Identifiers and the Kafka login only; README "Kubernetes" says why each is an env var.
    assertThat(bridge.getEnv())
        .filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .extracting(EnvVar::getName)
        .containsExactlyInAnyOrder(
            "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD",
            "KORE_STREAM_ID",
            "KORE_ACCOUNT_ID",
            "KORE_IID",
            "KORE_CLIENT_ID");
    assertThat(bridge.getEnv())
        .extracting(EnvVar::getName)
        .noneMatch(name -> name.startsWith("KORE_") && name.matches(".*(SECRET|JWT).*"));

    Volume kore =
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null && KORE_SECRET.equals(v.getSecret().getSecretName()))
            .collect(onlyOne());
    assertThat(kore.getSecret().getDefaultMode()).as("0440").isEqualTo(0440);
    VolumeMount mount =
        bridge.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(kore.getName()))
            .collect(onlyOne());
    assertThat(mount.getReadOnly()).isTrue();

    String secretFile = config.get("kore.client-secret-file");
    assertThat(secretFile).isEqualTo(mount.getMountPath() + "/client-secret");
    assertThat(config).doesNotContainKeys("kore.client-secret", "kore.jwt");
    Set<String> templateKeys = new TreeSet<>();
    for (JsonNode doc :
        Kustomize.documents(K8S.resolve("templates/kore-credentials.secret.yaml"))) {
      templateKeys.addAll(
          ((io.fabric8.kubernetes.api.model.Secret) parse(doc)).getStringData().keySet());
    }
    // A mount without items gives every key of the Secret as a file of the same name.
    assertThat(kore.getSecret().getItems()).isNullOrEmpty();
    assertThat(templateKeys).contains(Path.of(secretFile).getFileName().toString());
    assertThat(configurationKeys()).contains("kore.client-secret-file", "kore.jwt-file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void keda_scales_with_its_own_describe_only_kafka_user(String overlay) {
    List<HasMetadata> resources = render(overlay);
    String requests = ServiceConfiguration.defaultOf("campaign.topics.requests");
    String group = ServiceConfiguration.defaultOf("campaign.consumer.group-id");
    GenericKubernetesResource scaler = generic(resources, "ScaledObject");
    GenericKubernetesResource auth = generic(resources, "TriggerAuthentication");
    assertThat(scaler.get("spec", "triggers", 0, "authenticationRef", "name").toString())
        .isEqualTo(auth.getMetadata().getName());
    List<Map<String, Object>> refs = auth.get("spec", "secretTargetRef");
    Map<String, Map<String, Object>> byParameter = new java.util.HashMap<>();
    refs.forEach(ref -> byParameter.put(ref.get("parameter").toString(), ref));

    // Strimzi names the user's Secret after the KafkaUser: the password's Secret names the user.
    String kedaUser = byParameter.get("password").get("name").toString();
    assertThat(byParameter.get("password").get("key")).isEqualTo("password");
    assertThat(kedaUser).isNotEqualTo(BRIDGE);
    io.fabric8.kubernetes.api.model.Secret username =
        resources.stream()
            .filter(r -> r instanceof io.fabric8.kubernetes.api.model.Secret)
            .map(io.fabric8.kubernetes.api.model.Secret.class::cast)
            .filter(s -> s.getMetadata().getName().equals(byParameter.get("username").get("name")))
            .collect(onlyOne());
    String encoded = username.getData().get(byParameter.get("username").get("key").toString());
    assertThat(new String(java.util.Base64.getDecoder().decode(encoded))).isEqualTo(kedaUser);

    GenericKubernetesResource user = named(generics(resources, "KafkaUser"), kedaUser);
    assertThat(user.get("spec", "authentication", "type").toString()).isEqualTo("scram-sha-512");
    List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
    assertThat(acls)
        .extracting(
            acl ->
                ((Map<?, ?>) acl.get("resource")).get("type")
                    + "/"
                    + ((Map<?, ?>) acl.get("resource")).get("name"))
        .containsExactlyInAnyOrder("topic/" + requests, "group/" + group);
    assertThat(acls)
        .allSatisfy(
            acl -> {
              assertThat(acl.get("operations")).isEqualTo(List.of("Describe"));
              assertThat(acl.get("type")).as("allow rules only").isIn(null, "allow");
              assertThat(((Map<?, ?>) acl.get("resource")).get("patternType")).isEqualTo("literal");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void replay_has_its_own_user_that_reads_dead_letters_and_writes_requests_only(String overlay) {
    List<HasMetadata> resources = render(overlay);
    String requests = ServiceConfiguration.defaultOf("campaign.topics.requests");
    String deadLetter = ServiceConfiguration.defaultOf("campaign.topics.dead-letter");

    GenericKubernetesResource user =
        named(generics(resources, "KafkaUser"), "kore-campaign-bridge-replay");
    assertThat(user.get("spec", "authentication", "type").toString()).isEqualTo("scram-sha-512");
    List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
    assertThat(acls)
        .extracting(
            acl ->
                ((Map<?, ?>) acl.get("resource")).get("type")
                    + "/"
                    + ((Map<?, ?>) acl.get("resource")).get("name")
                    + " "
                    + acl.get("operations"))
        .containsExactlyInAnyOrder(
            "topic/" + deadLetter + " [Read, Describe]",
            "topic/" + requests + " [Write, Describe]");
    assertThat(acls)
        .allSatisfy(
            acl -> {
              assertThat(acl.get("type")).as("allow rules only").isIn(null, "allow");
              assertThat(((Map<?, ?>) acl.get("resource")).get("patternType")).isEqualTo("literal");
            });
  }

  @Test
  void prod_runs_an_image_pinned_by_digest_and_the_readme_command_fills_it(@TempDir Path copy)
      throws Exception {
    assertThat(container(render("prod")).getImage())
        .matches(
            "registry\\.example\\.com/korebridge/kore-campaign-bridge:[^@:/]+@sha256:[0-9a-f]{64}");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        commandWorks("bash", "-c", "command -v sed"), "bash and sed are not installed");

    String command =
        Files.readString(Path.of("docs", "operations.md"))
            .lines()
            .filter(line -> line.contains("jib-image.digest") && line.contains("sed "))
            .collect(onlyOne());
    copyTree(K8S, copy.resolve("k8s"));
    Files.createDirectories(copy.resolve("target"));
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    Files.writeString(copy.resolve("target/jib-image.digest"), digest);
    Process run = new ProcessBuilder("bash", "-c", command).directory(copy.toFile()).start();
    String err = new String(run.getErrorStream().readAllBytes());
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(err).isZero();

    List<HasMetadata> filled = new ArrayList<>();
    Kustomize.render(copy.resolve("k8s/overlays/prod")).forEach(node -> filled.add(parse(node)));
    assertThat(container(filled).getImage()).endsWith("@" + digest);
    assertThat(copy.resolve("k8s/overlays/prod")).isDirectoryNotContaining("glob:**.bak");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void the_grafana_dashboard_ships_as_a_config_map_labelled_for_the_sidecar(String overlay)
      throws Exception {
    List<io.fabric8.kubernetes.api.model.ConfigMap> dashboards =
        render(overlay).stream()
            .filter(r -> r instanceof io.fabric8.kubernetes.api.model.ConfigMap)
            .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast)
            .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard")))
            .toList();
    assertThat(dashboards).singleElement();
    Map<String, String> data = dashboards.get(0).getData();
    assertThat(data).hasSize(1);
    assertThat(data.keySet().iterator().next()).endsWith(".json");
    String json = data.values().iterator().next();
    assertThat(json).isEqualTo(Files.readString(K8S.resolve("base/grafana-dashboard.json")));
    JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("panels").size()).isGreaterThan(5);
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

  // --- helpers --------------------------------------------------------------------------------

  /** ConfigMaps by name without hash suffix: their labels and data. */
  private static Map<String, List<Object>> configMaps(List<HasMetadata> resources) {
    Map<String, List<Object>> out = new java.util.TreeMap<>();
    resources.stream()
        .filter(r -> r instanceof io.fabric8.kubernetes.api.model.ConfigMap)
        .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast)
        .forEach(
            c ->
                out.put(
                    withoutHash(c.getMetadata().getName()),
                    List.of(c.getMetadata().getLabels(), c.getData())));
    return out;
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap bridgeConfig(
      List<HasMetadata> resources, Container bridge) {
    String name = bridge.getEnvFrom().get(0).getConfigMapRef().getName();
    return resources.stream()
        .filter(r -> r instanceof io.fabric8.kubernetes.api.model.ConfigMap)
        .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast)
        .filter(c -> c.getMetadata().getName().equals(name))
        .collect(onlyOne());
  }

  private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
    return java.util.stream.Collectors.collectingAndThen(
        java.util.stream.Collectors.toList(),
        list -> {
          assertThat(list).hasSize(1);
          return list.get(0);
        });
  }

  private static GenericKubernetesResource named(
      List<GenericKubernetesResource> resources, String name) {
    return resources.stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .collect(onlyOne());
  }

  private static boolean admits(IPBlock block, String address) {
    Ipv4Block single = Ipv4Block.of(address + "/32");
    return Ipv4Block.of(block.getCidr()).covers(single)
        && block.getExcept().stream().noneMatch(e -> Ipv4Block.of(e).covers(single));
  }

  /** An IPv4 CIDR block, enough to decide which addresses a NetworkPolicy ipBlock admits. */
  private record Ipv4Block(long base, int prefix) {
    static Ipv4Block of(String cidr) {
      String[] parts = cidr.split("/");
      String[] octets = parts[0].split("\\.");
      assertThat(octets).as(cidr).hasSize(4);
      long address = 0;
      for (String octet : octets) {
        address = (address << 8) | Integer.parseInt(octet);
      }
      int prefix = Integer.parseInt(parts[1]);
      assertThat(address & ~mask(prefix) & 0xFFFFFFFFL).as("%s has host bits set", cidr).isZero();
      return new Ipv4Block(address, prefix);
    }

    boolean covers(Ipv4Block other) {
      return other.prefix >= prefix && (other.base & mask(prefix)) == base;
    }

    private static long mask(int prefix) {
      return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
  }

  private static boolean commandWorks(String... command) {
    try {
      Process p = new ProcessBuilder(command).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
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

  /** Keys the service knows: those its mappings declare, and the framework keys it sets. */
  private Set<String> configurationKeys() {
    Set<String> keys = new TreeSet<>(ServiceConfiguration.keys().keySet());
    keys.addAll(app.stringPropertyNames());
    return keys;
  }

  private static String prometheusName(String meter) {
    return meter.replace('.', '_');
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
