package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's Maven setup the one that is tested: its XML blocks under "Use it in your
 * build" are, line for line (indentation aside), the marked parts of the consumer test's pom,
 * which {@code mvn verify} builds as a separate project (it/src/it/maven-consumer).
 */
class ReadmeSetupTest {
  private static final Pattern XML_BLOCK = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL);
  private static final Pattern MARKED = Pattern.compile("<!-- README: [^>]*-->\n(.*?)\n\\s*<!-- end -->",
      Pattern.DOTALL);

  @Test
  void mavenSnippetsAreTheConsumerPomsOwn() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("## Use it in your build");
    String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
    String pom = Files.readString(Path.of("..", "it", "src", "it", "maven-consumer", "pom.xml"));

    assertEquals(blocks(MARKED, pom), blocks(XML_BLOCK, section));
  }

  /** Each match's first group, its lines stripped of indentation. */
  private static List<String> blocks(Pattern pattern, String text) {
    return pattern.matcher(text).results()
        .map(m -> m.group(1).strip().lines().map(String::strip).collect(Collectors.joining("\n")))
        .toList();
  }
}
