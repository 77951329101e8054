package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuronGraphTest {
  private static final double TOLERANCE = 1e-12;

  private static final List<String> LABELS =
      List.of("x1", "w1", "x2", "w2", "b", "x1*w1", "x2*w2", "x1*w1 + x2*w2", "n", "o");

  @TempDir Path directory;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void gradientsAreMicrogradsNumbers() {
    NeuronGraph.Neuron neuron = NeuronGraph.differentiatedNeuron();

    assertEquals(Math.sqrt(0.5), neuron.o().data(), TOLERANCE);
    assertEquals(-1.5, neuron.x1().grad(), TOLERANCE);
    assertEquals(1.0, neuron.w1().grad(), TOLERANCE);
    assertEquals(0.5, neuron.x2().grad(), TOLERANCE);
    assertEquals(0.0, neuron.w2().grad(), TOLERANCE);
    assertEquals(0.5, neuron.b().grad(), TOLERANCE);
  }

  @Test
  void writesAWellFormedDotGraphWithEveryLabel() throws IOException {
    new NeuronGraph().run(new TourOutput(directory, console, null));

    String dot = Files.readString(directory.resolve("neuron.dot"));
    assertTrue(dot.startsWith("digraph"), dot);
    assertBracesBalanceOutsideStrings(dot);
    for (String label : LABELS) {
      // A value's record label opens with its own label: "{ x1 | data 2.0000 | grad -1.5000 }".
      assertTrue(dot.contains("\"{ " + label + " | data "), "no record for " + label + " in\n" + dot);
    }
  }

  @Test
  void reportsEveryValueWithItsGradient() throws IOException {
    new NeuronGraph().run(new TourOutput(directory, console, null));

    String report = printed.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("x1               2.0000  -1.5000"), report);
    assertTrue(report.contains("o                0.7071   1.0000"), report);
  }

  @Test
  void withoutGraphvizSaysHowToInstallItOnce() throws IOException {
    TourOutput output = new TourOutput(directory, console, null);
    new NeuronGraph().run(output);
    new NeuronGraph().run(output);

    String report = printed.toString(StandardCharsets.UTF_8);
    assertEquals(report.indexOf("apt-get install graphviz"), report.lastIndexOf("apt-get install graphviz"), report);
    assertTrue(report.contains("apt-get install graphviz"), report);
    assertFalse(Files.exists(directory.resolve("neuron.svg")));
  }

  @Test
  void withGraphvizRendersTheGraphAsSvg() throws IOException {
    Path dotProgram = TourOutput.findOnPath("dot");
    assumeTrue(dotProgram != null, "Graphviz is not installed");
    new NeuronGraph().run(new TourOutput(directory, console, dotProgram));

    assertTrue(Files.readString(directory.resolve("neuron.svg")).contains("<svg"));
  }

  /** The graph's braces nest and close, ignoring those inside quoted labels, and nothing follows. */
  private static void assertBracesBalanceOutsideStrings(String dot) {
    int depth = 0;
    boolean inString = false;
    int end = -1;
    for (int i = 0; i < dot.length(); i++) {
      char c = dot.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++; // an escaped character, possibly a quote, never ends the string
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        assertTrue(depth >= 0, "unbalanced '}' at " + i);
        if (depth == 0) {
          end = i;
        }
      }
    }
    assertFalse(inString, "unterminated string");
    assertEquals(0, depth, "unclosed '{'");
    assertTrue(end > 0 && dot.substring(end + 1).isBlank(), "text after the graph: " + dot.substring(end + 1));
  }
}
