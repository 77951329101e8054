package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Value#toDot()}: a record node per value ({@code label | data | grad}), an ellipse per
 * operation, and edges operand → operation → result, in DOT that Graphviz renders.
 */
class DotTest {
  /** The label, with DOT-special characters, and how it must appear escaped in the DOT text. */
  private static final String SPECIAL_LABEL = "a\"b|c{d}e<f>g\\h";
  private static final String SPECIAL_LABEL_ESCAPED = "a\\\"b\\|c\\{d\\}e\\<f\\>g\\\\h";

  // ----- structure

  @Test
  void neuronHasARecordPerValueAnOperationNodePerOperationAndEdgesThroughEachOperation() {
    Value o = neuron();
    o.backward();
    Dot dot = Dot.parse(o.toDot());

    assertEquals(10, dot.records().size(), "x1, x2, w1, w2, b, x1*w1, x2*w2, x1*w1 + x2*w2, n, o");
    assertEquals(5, dot.operations().size(), "two *, two +, one tanh");
    assertEquals(14, dot.edges().size(), "four binary operations with 3 edges each, tanh with 2");
    for (Edge edge : dot.edges()) {
      boolean intoOperation = dot.records().containsKey(edge.from()) && dot.operations().containsKey(edge.to());
      boolean outOfOperation = dot.operations().containsKey(edge.from()) && dot.records().containsKey(edge.to());
      assertTrue(intoOperation || outOfOperation, "edge " + edge + " joins a value and an operation");
    }

    assertComputedBy(dot, "x1*w1", "*", "x1", "w1");
    assertComputedBy(dot, "x2*w2", "*", "x2", "w2");
    assertComputedBy(dot, "x1*w1 + x2*w2", "+", "x1*w1", "x2*w2");
    assertComputedBy(dot, "n", "+", "x1*w1 + x2*w2", "b");
    assertComputedBy(dot, "o", "tanh", "n");
  }

  @Test
  void recordShowsLabelDataAndGradWithFourDecimals() {
    Value o = neuron();
    o.backward();
    Dot dot = Dot.parse(o.toDot());

    // the numbers of micrograd's neuron example: o = tanh(n) = 0.7071, dx1 = -1.5, dw1 = 1
    assertEquals("{ o | data 0.7071 | grad 1.0000 }", dot.recordLabelled("o"));
    assertEquals("{ x1 | data 2.0000 | grad -1.5000 }", dot.recordLabelled("x1"));
    assertEquals("{ w1 | data -3.0000 | grad 1.0000 }", dot.recordLabelled("w1"));
    assertEquals("{ x2 | data 0.0000 | grad 0.5000 }", dot.recordLabelled("x2"));
  }

  @Test
  void valueUsedTwiceHasOneRecordAndTwoEdgesIntoTheOperation() {
    Value a = new Value(3).setLabel("a");
    Dot dot = Dot.parse(a.mul(a).setLabel("square").toDot());

    assertEquals(2, dot.records().size());
    assertComputedBy(dot, "square", "*", "a", "a");
  }

  @Test
  void leafAloneIsOneRecordWithoutOperationOrEdges() {
    Dot dot = Dot.parse(new Value(2).toDot());

    assertEquals(1, dot.records().size());
    assertEquals(0, dot.operations().size());
    assertEquals(0, dot.edges().size());
    assertEquals("{  | data 2.0000 | grad 0.0000 }", dot.records().values().iterator().next());
  }

  @Test
  void labelsAreEscaped() {
    String text = new Value(1.5).setLabel(SPECIAL_LABEL).mul(2).toDot();
    assertTrue(text.contains("{ " + SPECIAL_LABEL_ESCAPED + " | data 1.5000"), text);
  }

  // ----- rendering, when Graphviz is installed

  @Test
  void graphvizRendersTheNeuron() throws Exception {
    Value o = neuron();
    o.backward();
    String svg = renderSvg(o.toDot());
    assertTrue(svg.contains(">tanh</text>"), "the tanh operation is drawn");
    assertTrue(svg.contains(">x1*w1 + x2*w2</text>"), "a label is drawn");
    assertTrue(svg.contains(">grad 0.5000</text>"), "a grad is drawn");
  }

  @Test
  void graphvizShowsAnEscapedLabelAsWritten() throws Exception {
    String svg = renderSvg(new Value(1.5).setLabel(SPECIAL_LABEL).mul(2).toDot());
    // Graphviz undoes the DOT escapes; SVG then escapes what XML needs
    assertTrue(svg.contains(">a&quot;b|c{d}e&lt;f&gt;g\\h</text>"), svg);
  }

  // ----- helpers

  /** micrograd's neuron: o = tanh(x1*w1 + x2*w2 + b), every value labelled. */
  private static Value neuron() {
    Value x1 = new Value(2).setLabel("x1");
    Value x2 = new Value(0).setLabel("x2");
    Value w1 = new Value(-3).setLabel("w1");
    Value w2 = new Value(1).setLabel("w2");
    Value b = new Value(6.8813735870195432).setLabel("b");
    Value x1w1 = x1.mul(w1).setLabel("x1*w1");
    Value x2w2 = x2.mul(w2).setLabel("x2*w2");
    Value sum = x1w1.add(x2w2).setLabel("x1*w1 + x2*w2");
    Value n = sum.add(b).setLabel("n");
    return n.tanh().setLabel("o");
  }

  /** The value labelled {@code result} is drawn as the operation {@code symbol} of {@code operands}. */
  private static void assertComputedBy(Dot dot, String result, String symbol, String... operands) {
    String resultId = dot.idOfRecordLabelled(result);
    List<String> operations = dot.sourcesOf(resultId);
    assertEquals(1, operations.size(), result + " comes out of one operation");
    String operation = operations.get(0);
    assertEquals(symbol, dot.operations().get(operation), "operation drawn for " + result);
    List<String> expected = new ArrayList<>();
    for (String operand : operands) {
      expected.add(dot.idOfRecordLabelled(operand));
    }
    assertEquals(expected, dot.sourcesOf(operation), "operands of " + result + ", in order");
  }

  /** dot -Tsvg of {@code dotText}; skips the test when Graphviz is not on the PATH. */
  private static String renderSvg(String dotText) throws Exception {
    assumeTrue(graphvizAvailable(), "Graphviz dot is not on the PATH");
    Process dot = new ProcessBuilder("dot", "-Tsvg").start();
    CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readFully(dot.getErrorStream()));
    CompletableFuture<String> svg = CompletableFuture.supplyAsync(() -> readFully(dot.getInputStream()));
    try (OutputStream in = dot.getOutputStream()) {
      in.write(dotText.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(dot.waitFor(30, TimeUnit.SECONDS), "dot finished");
    assertEquals(0, dot.exitValue(), () -> "dot failed: " + errors.join());
    assertEquals("", errors.get(), "dot's warnings");
    String output = svg.get();
    assertTrue(output.contains("<svg"), output);
    return output;
  }

  private static boolean graphvizAvailable() {
    try {
      Process version = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String readFully(InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Edge(String from, String to) {}

  /** The nodes and edges of a DOT text as DotWriter writes it, one statement per line. */
  record Dot(Map<String, String> records, Map<String, String> operations, List<Edge> edges) {
    private static final Pattern RECORD = Pattern.compile("\\s*(\\w+) \\[shape=record, label=\"(.*)\"\\];");
    private static final Pattern OPERATION = Pattern.compile("\\s*(\\w+) \\[shape=ellipse, label=\"(.*)\"\\];");
    private static final Pattern EDGE = Pattern.compile("\\s*(\\w+) -> (\\w+);");

    static Dot parse(String text) {
      Map<String, String> records = new LinkedHashMap<>();
      Map<String, String> operations = new LinkedHashMap<>();
      List<Edge> edges = new ArrayList<>();
      for (String line : text.split("\n")) {
        Matcher m;
        if ((m = RECORD.matcher(line)).matches()) {
          records.put(m.group(1), m.group(2));
        } else if ((m = OPERATION.matcher(line)).matches()) {
          operations.put(m.group(1), m.group(2));
        } else if ((m = EDGE.matcher(line)).matches()) {
          edges.add(new Edge(m.group(1), m.group(2)));
        }
      }
      return new Dot(records, operations, edges);
    }

    /** The id of the one record whose label field is {@code label}. */
    String idOfRecordLabelled(String label) {
      List<String> ids = records.entrySet().stream()
          .filter(e -> e.getValue().startsWith("{ " + label + " | "))
          .map(Map.Entry::getKey)
          .toList();
      assertEquals(1, ids.size(), "records labelled " + label);
      return ids.get(0);
    }

    String recordLabelled(String label) {
      return records.get(idOfRecordLabelled(label));
    }

    /** The nodes with an edge into {@code id}, in the order the edges are written. */
    List<String> sourcesOf(String id) {
      return edges.stream().filter(e -> e.to().equals(id)).map(Edge::from).toList();
    }
  }
}
