package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README true: each {@code @Differentiable} method it shows is compiled through the
 * processor, and the generated code it shows right after must be in the companion, line for line
 * and in order (lines with "..." are the README's elisions and are skipped).
 */
class ReadmeExcerptsTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("^(?:final |public )*class (\\w+)", Pattern.MULTILINE);

  @Test
  void everyGeneratedExcerptIsWhatTheProcessorWrites() throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    int checked = 0;
    for (int i = 0; i + 1 < blocks.size(); i++) {
      if (blocks.get(i).contains("@Differentiable") && !blocks.get(i + 1).contains("@Differentiable")) {
        check(blocks.get(i), blocks.get(i + 1), i);
        checked++;
      }
    }
    assertEquals(9, checked, "pairs of source and generated excerpt in the README");
  }

  private static void check(String source, String excerpt, int index) {
    Matcher declared = CLASS.matcher(source);
    String name = declared.find() ? declared.group(1) : "Excerpt" + index;
    String body = declared.find(0) ? source : "final class " + name + " {\n" + source + "}\n";
    String file = "package readme;\n\nimport io.javagrad.Differentiable;\nimport io.javagrad.NoDerivative;\n\n" + body;
    String companion = Compiled.compile("readme." + name, file).generatedSource("readme." + name + "Grad");
    String[] lines = excerpt.lines().map(String::strip).filter(line -> !line.contains("...")).toArray(String[]::new);
    GeneratedCodeTest.assertLinesInOrder(companion, lines);
  }
}
