package io.korebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.testsupport.Kustomize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JVM options the bridge's pod runs with, read from k8s/base/deployment.yaml: its memory limit
 * (as {@code -XX:MaxRAM}, which is what the JVM sizes itself from inside the container), what the
 * base image's start script adds by default, and the container's {@code JAVA_OPTS}, {@code
 * JAVA_OPTS_APPEND} and {@code JAVA_TOOL_OPTIONS} when the Deployment sets them.
 *
 * @param args options on the java command line
 * @param env {@code JAVA_TOOL_OPTIONS} when set: the JVM reads it from the environment
 * @param source where each part came from, for the benchmark's header
 */
public record DeploymentJvm(List<String> args, Map<String, String> env, String source) {

  public static final Path DEPLOYMENT = Path.of("k8s", "base", "deployment.yaml");

  /**
   * What the base image's {@code run-java.sh} (ubi9/openjdk-17-runtime) puts before the
   * application's own options when JAVA_OPTS does not choose a heap size or a collector.
   */
  static final List<String> IMAGE_DEFAULTS =
      List.of(
          "-XX:MaxRAMPercentage=80.0",
          "-XX:+UseParallelGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20",
          "-XX:GCTimeRatio=4",
          "-XX:AdaptiveSizePolicyWeight=90",
          "-XX:+ExitOnOutOfMemoryError");

  /** {@code bench.service-jvm-args} verbatim when given, else the Deployment's options. */
  static DeploymentJvm forBenchmark() {
    String given = System.getProperty("bench.service-jvm-args", "").trim();
    if (!given.isEmpty()) {
      return new DeploymentJvm(List.of(given.split("\\s+")), Map.of(), "bench.service-jvm-args");
    }
    return read(DEPLOYMENT);
  }

  public static DeploymentJvm read(Path file) {
    JsonNode container = null;
    for (JsonNode doc : Kustomize.documents(file)) {
      if ("Deployment".equals(doc.path("kind").asText())) {
        for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
          if (container == null || "bridge".equals(c.path("name").asText())) {
            container = c;
          }
        }
      }
    }
    if (container == null) {
      throw new IllegalStateException("no Deployment container in " + file);
    }
    Map<String, String> javaEnv = new TreeMap<>();
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      if (name.startsWith("JAVA_") && variable.has("value")) {
        javaEnv.put(name, variable.path("value").asText());
      }
    }
    List<String> own = new ArrayList<>();
    for (String name : List.of("JAVA_OPTS", "JAVA_OPTS_APPEND")) {
      String value = javaEnv.getOrDefault(name, "").trim();
      if (!value.isEmpty()) {
        own.addAll(List.of(value.split("\\s+")));
      }
    }
    String joined = String.join(" ", own);
    List<String> args = new ArrayList<>();
    String limit = container.path("resources").path("limits").path("memory").asText("");
    if (!limit.isEmpty()) {
      args.add("-XX:MaxRAM=" + bytes(limit));
    }
    for (String option : IMAGE_DEFAULTS) {
      boolean heapChosen =
          joined.contains("-Xmx")
              || joined.contains("MaxRAMPercentage")
              || joined.contains("MaxHeapSize");
      boolean gcChosen = joined.matches(".*-XX:\\+Use\\w+GC.*");
      if ((option.contains("MaxRAMPercentage") && heapChosen)
          || (option.contains("GC") && option.contains("Use") && gcChosen)) {
        continue;
      }
      args.add(option);
    }
    args.addAll(own);
    Map<String, String> env = new TreeMap<>();
    if (javaEnv.containsKey("JAVA_TOOL_OPTIONS")) {
      env.put("JAVA_TOOL_OPTIONS", javaEnv.get("JAVA_TOOL_OPTIONS"));
    }
    String source =
        file
            + ": memory limit "
            + (limit.isEmpty() ? "none" : limit)
            + ", image run-java.sh defaults, "
            + (javaEnv.isEmpty() ? "no JAVA_* variables" : javaEnv.keySet().toString());
    return new DeploymentJvm(List.copyOf(args), Map.copyOf(env), source);
  }

  /** A Kubernetes quantity such as {@code 384Mi} in bytes. */
  static long bytes(String quantity) {
    String q = quantity.trim();
    String[][] units = {
      {"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"},
      {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}
    };
    for (String[] unit : units) {
      if (q.endsWith(unit[0])) {
        return Long.parseLong(q.substring(0, q.length() - unit[0].length()))
            * Long.parseLong(unit[1]);
      }
    }
    return Long.parseLong(q.toLowerCase(Locale.ROOT));
  }
}
