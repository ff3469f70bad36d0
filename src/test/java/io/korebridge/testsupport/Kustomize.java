package io.korebridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize that
 * k8s/ uses (resources, components, namespace, labels, images with tags and digests,
 * configMap/secret generators with env files, files, literals, labels and merge, JSON 6902 patches,
 * {@code $patch: delete}), without name-hash suffixes. Hand-written because no kustomize
 * implementation is on Maven Central; it is the one renderer the manifest tests use, with or
 * without kubectl on the machine (see docs/design-notes.md).
 */
public final class Kustomize {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Kustomize() {}

  /** Every YAML document in {@code file}, in order. */
  public static List<JsonNode> documents(Path file) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      try (var parser = new YAMLFactory().createParser(Files.newBufferedReader(file))) {
        Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
        while (it.hasNext()) {
          JsonNode doc = it.next();
          if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
            docs.add(doc);
          }
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The resources the kustomization in {@code dir} produces. */
  public static List<ObjectNode> render(Path dir) {
    List<ObjectNode> out = new ArrayList<>();
    apply(dir, out);
    return out;
  }

  private static void apply(Path dir, List<ObjectNode> out) {
    JsonNode k = documents(dir.resolve("kustomization.yaml")).get(0);
    for (JsonNode resource : k.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        apply(path, out);
      } else {
        documents(path).forEach(doc -> out.add((ObjectNode) doc.deepCopy()));
      }
    }
    generate(dir, k, out);
    for (JsonNode component : k.path("components")) {
      apply(dir.resolve(component.asText()).normalize(), out);
    }
    for (JsonNode patch : k.path("patches")) {
      patch(patch, out);
    }
    for (JsonNode label : k.path("labels")) {
      label
          .path("pairs")
          .fields()
          .forEachRemaining(
              pair -> out.forEach(r -> labels(r).set(pair.getKey(), pair.getValue())));
    }
    for (JsonNode image : k.path("images")) {
      out.forEach(r -> retag(r, image));
    }
    if (k.hasNonNull("namespace")) {
      out.forEach(r -> metadata(r).put("namespace", k.get("namespace").asText()));
    }
  }

  private static void generate(Path dir, JsonNode k, List<ObjectNode> out) {
    for (JsonNode generator : k.path("configMapGenerator")) {
      generated(dir, generator, "ConfigMap", false, out);
    }
    for (JsonNode generator : k.path("secretGenerator")) {
      generated(dir, generator, "Secret", true, out);
    }
  }

  private static void generated(
      Path dir, JsonNode generator, String kind, boolean encode, List<ObjectNode> out) {
    Map<String, String> data = new LinkedHashMap<>();
    for (JsonNode env : generator.path("envs")) {
      data.putAll(envFile(dir.resolve(env.asText())));
    }
    for (JsonNode literal : generator.path("literals")) {
      String[] kv = literal.asText().split("=", 2);
      data.put(kv[0], kv[1]);
    }
    for (JsonNode file : generator.path("files")) {
      // "key=path" names the entry; a bare path is keyed by its file name.
      String[] kv = file.asText().split("=", 2);
      Path path = dir.resolve(kv.length == 2 ? kv[1] : kv[0]);
      data.put(kv.length == 2 ? kv[0] : path.getFileName().toString(), read(path));
    }
    String name = generator.path("name").asText();
    ObjectNode target =
        out.stream()
            .filter(r -> kind.equals(r.path("kind").asText()) && name.equals(name(r)))
            .findFirst()
            .orElse(null);
    if (target == null || !"merge".equals(generator.path("behavior").asText())) {
      target = JSON.createObjectNode();
      target.put("apiVersion", "v1").put("kind", kind);
      metadata(target).put("name", name);
      out.add(target);
    }
    ObjectNode labels = labels(target);
    generator
        .path("options")
        .path("labels")
        .fields()
        .forEachRemaining(label -> labels.set(label.getKey(), label.getValue()));
    ObjectNode node = target.with("data");
    data.forEach(
        (key, value) ->
            node.put(
                key,
                encode
                    ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                    : value));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kustomize env file: {@code key=value} lines, {@code #} comments. */
  public static Map<String, String> envFile(Path file) {
    try (Reader in = new StringReader(Files.readString(file))) {
      Properties props = new Properties();
      props.load(in);
      Map<String, String> out = new LinkedHashMap<>();
      props.stringPropertyNames().stream()
          .sorted()
          .forEach(key -> out.put(key, props.getProperty(key)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void patch(JsonNode patch, List<ObjectNode> out) {
    JsonNode target = patch.path("target");
    List<ObjectNode> matching =
        out.stream()
            .filter(
                r ->
                    !target.has("kind")
                        || target.get("kind").asText().equals(r.path("kind").asText()))
            .filter(r -> !target.has("name") || target.get("name").asText().equals(name(r)))
            .toList();
    JsonNode body = documents(patch.path("patch").asText()).get(0);
    if (body.isObject() && "delete".equals(body.path("$patch").asText())) {
      out.removeAll(matching);
      return;
    }
    for (ObjectNode resource : matching) {
      for (JsonNode op : body) {
        jsonPatch(resource, op);
      }
    }
  }

  private static List<JsonNode> documents(String yaml) {
    try {
      return List.of(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void jsonPatch(ObjectNode resource, JsonNode op) {
    String[] path = op.path("path").asText().substring(1).split("/");
    JsonNode parent = resource;
    for (int i = 0; i < path.length - 1; i++) {
      parent = child(parent, unescape(path[i]));
    }
    String last = unescape(path[path.length - 1]);
    switch (op.path("op").asText()) {
      case "add", "replace" -> {
        if (parent instanceof ArrayNode array) {
          if ("-".equals(last)) {
            array.add(op.get("value"));
          } else {
            array.set(Integer.parseInt(last), op.get("value"));
          }
        } else {
          ((ObjectNode) parent).set(last, op.get("value"));
        }
      }
      case "remove" -> {
        if (parent instanceof ArrayNode array) {
          array.remove(Integer.parseInt(last));
        } else {
          ((ObjectNode) parent).remove(last);
        }
      }
      default -> throw new IllegalArgumentException("unsupported patch op " + op);
    }
  }

  private static JsonNode child(JsonNode parent, String key) {
    JsonNode child = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
    if (child == null) {
      throw new IllegalArgumentException("patch path not found at " + key);
    }
    return child;
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  private static void retag(ObjectNode resource, JsonNode image) {
    resource
        .findParents("image")
        .forEach(
            parent -> {
              if (!parent.get("image").isTextual()) {
                return;
              }
              String ref = parent.get("image").asText();
              String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
              name = name.contains(":") ? name.substring(0, name.lastIndexOf(':')) : name;
              if (name.equals(image.path("name").asText())) {
                String newName = image.path("newName").asText(name);
                String tag = image.path("newTag").asText(null);
                String digest = image.path("digest").asText(null);
                ((ObjectNode) parent)
                    .put(
                        "image",
                        newName
                            + (tag == null ? "" : ":" + tag)
                            + (digest == null ? "" : "@" + digest));
              }
            });
  }

  private static ObjectNode metadata(ObjectNode resource) {
    return resource.with("metadata");
  }

  private static ObjectNode labels(ObjectNode resource) {
    return metadata(resource).with("labels");
  }

  public static String name(JsonNode resource) {
    return resource.path("metadata").path("name").asText();
  }
}
