package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jars the packaged service runs with ({@code target/quarkus-app/lib}, named {@code
 * group.artifact-version.jar}) are printed and must equal the reviewed list checked in as {@value
 * #CHECKED_IN}: a dependency change shows up in review as a change of that file.
 */
class RuntimeDependenciesIT {

  static final String CHECKED_IN = "docs/runtime-dependencies.txt";
  private static final Path LIB = Path.of("target", "quarkus-app", "lib");

  @Test
  void the_packaged_runtime_dependencies_are_the_reviewed_list() throws Exception {
    List<String> built;
    try (Stream<Path> jars = Files.walk(LIB)) {
      built =
          jars.filter(p -> p.toString().endsWith(".jar"))
              .map(p -> LIB.relativize(p).toString())
              .sorted()
              .toList();
    }
    System.out.println("[runtime dependencies] " + built.size() + "\n" + String.join("\n", built));

    assertThat(built)
        .as("no build tool in the runtime")
        .noneMatch(jar -> jar.contains("quarkus-container-image"))
        .noneMatch(jar -> jar.contains("quarkus-devservices"));
    assertThat(built)
        .as(
            "after a reviewed change: (cd %s && find . -name '*.jar' | sed 's|^./||' | sort) > %s",
            LIB, CHECKED_IN)
        .containsExactlyElementsOf(
            Files.readAllLines(Path.of(CHECKED_IN)).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList());
  }
}
