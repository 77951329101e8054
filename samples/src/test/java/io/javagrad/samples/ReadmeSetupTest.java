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
 * build" are, line for line (indentation aside), the marked parts of the consumer tests' poms,
 * which {@code mvn verify} builds as separate projects (it/src/it/maven-consumer, then
 * it/src/it/hipparchus-consumer for the optional adapter).
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
    String poms = consumerPom("maven-consumer") + consumerPom("hipparchus-consumer");

    assertEquals(blocks(MARKED, poms), blocks(XML_BLOCK, section));
  }

  private static String consumerPom(String project) throws IOException {
    return Files.readString(Path.of("..", "it", "src", "it", project, "pom.xml"));
  }

  /** Each match's first group, its lines stripped of indentation. */
  private static List<String> blocks(Pattern pattern, String text) {
    return pattern.matcher(text).results()
        .map(m -> m.group(1).strip().lines().map(String::strip).collect(Collectors.joining("\n")))
        .toList();
  }
}
