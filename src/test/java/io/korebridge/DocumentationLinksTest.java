package io.korebridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in the README and docs/ leads to a file, and to a heading, that exists. */
class DocumentationLinksTest {

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]+\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

  @Test
  void every_relative_link_and_anchor_in_the_documentation_resolves() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher link = LINK.matcher(Files.readString(page));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        if (!Files.exists(linked)) {
          broken.add(page + " -> " + target + " (no such file)");
        } else if (anchor != null && !anchors(linked).contains(anchor)) {
          broken.add(page + " -> " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void the_readme_stays_short_and_points_into_docs() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme.lines().count()).isLessThan(200);
    for (Path page : pages()) {
      if (!page.getFileName().toString().equals("README.md")) {
        assertThat(readme).as("README links " + page).contains(page.getFileName().toString());
      }
    }
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
  private static List<String> anchors(Path page) throws IOException {
    if (!page.toString().endsWith(".md")) {
      return List.of();
    }
    List<String> anchors = new ArrayList<>();
    Matcher heading = HEADING.matcher(Files.readString(page));
    while (heading.find()) {
      anchors.add(
          heading
              .group(1)
              .trim()
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\w\\- ]", "")
              .replace(' ', '-'));
    }
    return anchors;
  }
}
