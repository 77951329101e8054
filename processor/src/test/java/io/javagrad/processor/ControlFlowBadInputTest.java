package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Control flow and arrays the processor does not support are a compile error at the construct:
 * on its line, naming what is unsupported and saying what to write instead, in one line; never a
 * crash, and never a companion that does not compile. (A labelled break or continue is reported
 * at its label, as BadInputTest expects too.) Each construct is a class of its own, all compiled at
 * once: every class gets its one error, and nothing else goes wrong.
 */
class ControlFlowBadInputTest {
  /**
   * One unsupported construct.
   *
   * @param name the class holding it, in package p
   * @param body the annotated method
   * @param line text of the line the error must be on
   * @param says fragments the message must contain: what is unsupported, and what to do
   */
  record Case(String name, String body, String line, List<String> says) {
    @Override
    public String toString() {
      return name;
    }

    String file() {
      return "p/" + name + ".java";
    }

    String source() {
      return Compiled.classSource("p." + name, List.of(), List.of(body));
    }
  }

  private static final List<Case> CASES = List.of(
      new Case("MatrixInitializerSharesArray", """
          @Differentiable static double f(double[] r, double x) {
            double[][] a = {r, {x}};
            return a[0][0] * a[1][0];
          }
          """, "double[][] a = {r, {x}};", List.of("a parameter's array or a row, which the row cannot share",
          "write r.clone() instead")),
      new Case("RowGivenParameterArray", """
          @Differentiable static double f(double[] x) {
            double[][] a = new double[2][];
            a[0] = x;
            a[1] = new double[1];
            return a[0][0] * a[1][0];
          }
          """, "a[0] = x;", List.of("a parameter's array or a row, which the row cannot share",
          "write a[0] = x.clone() instead")),
      new Case("WritesThroughChosenParameter", """
          @Differentiable static double f(double[] x, double[] y, boolean c) {
            double[] v = c ? x : y;
            v[0] = 2 * v[1];
            return v[0] + x[0];
          }
          """, "v[0] = 2 * v[1];", List.of("v may hold the parameter array x or y", "write into x or y itself")),
      new Case("ChoosesWrittenParameter", """
          @Differentiable static double f(double[] x, double[] y, boolean c) {
            x[0] = 3 * y[1];
            double[] v = c ? x : y;
            return v[0] + x[0];
          }
          """, "double[] v = c ? x : y;", List.of("x is both written in this method and chosen by ?:",
          "(c ? x[i] : ...)")),
      new Case("WritesChosenParameterAfter", """
          @Differentiable static double f(double[] x, double[] y, boolean c) {
            double[] v = c ? x : y;
            java.util.Arrays.fill(y, 1.0);
            return v[0] + y[0];
          }
          """, "java.util.Arrays.fill(y, 1.0);", List.of("y is both written in this method and chosen by ?:")),
      new Case("FillsNoDerivativeWithDerivative", """
          @Differentiable static double f(double[] x, @io.javagrad.NoDerivative double[] w) {
            System.arraycopy(x, 0, w, 0, 1);
            return w[0] + x[0];
          }
          """, "System.arraycopy(x, 0, w, 0, 1);", List.of("stored into the @NoDerivative parameter array w",
          "copy w into a local array")),
      new Case("RowStoreUnderAlias", """
          @Differentiable static double f(double x) {
            double[][] a = new double[2][];
            a[0] = new double[1];
            double[] row = a[0];
            a[0] = new double[2];
            row[0] = x;
            return a[0][0] + row[0];
          }
          """, "a[0] = new double[2];", List.of("row, a row alias of a, may be read after this new row is given", "all its rows first")),
      new Case("RowAliasToOtherMatrix", """
          @Differentiable static double f(double[][] a, double[][] b) {
            double[] row = a[0];
            row = b[0];
            return row[0];
          }
          """, "row = b[0];", List.of("row is a row of a", "declare another local")),
      new Case("RowAliasRunAsWritten", """
          @Differentiable static double f(double[][] a) {
            double[] row = a[0];
            double top = java.util.Collections.max(java.util.List.of(row[0], 0.5));
            return top * row[0];
          }
          """, "double top = java.util.Collections.max(java.util.List.of(row[0], 0.5));", List.of("row carries a derivative", "runs as written without differentiating it",
          "@DerivativeOf")),
      new Case("RowAliasWrittenRunAsWritten", """
          @Differentiable static double f(double[][] a, String s) {
            double[] row = a[0];
            try {
              row[0] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
              row[1] = 0;
            }
            return row[0] * row[1];
          }
          """, "row[0] = Double.parseDouble(s);", List.of("cannot follow the write into a, a double[][]",
          "make the write a statement of its own")),
      new Case("ReassignsArrayToParameter", """
          @Differentiable static double f(double[] x) {
            double[] a = new double[2];
            a = x;
            return a[0];
          }
          """, "a = x;", List.of("parameter array x", "copy x into a new array")),
      new Case("ReassignsParameterAlias", """
          @Differentiable static double f(double[] x) {
            double[] b = x;
            b = new double[2];
            return b[0];
          }
          """, "b = new double[2];", List.of("names the parameter array x", "copy it into a local array")));

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    List<String> namesAndSources = new ArrayList<>();
    for (Case c : CASES) {
      namesAndSources.add("p." + c.name());
      namesAndSources.add(c.source());
    }
    compilation = Compiled.compile(namesAndSources.toArray(new String[0])).compilation();
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void errorAtTheConstruct(Case c) {
    for (String fragment : c.says()) {
      assertThat(compilation).hadErrorContaining(fragment).inFile(file(c)).onLineContaining(c.line());
    }
  }

  /** A precise message: one line, not the construct's whole source quoted (a loop, a switch). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void messageIsOneLine(Case c) {
    List<String> messages = errorsIn(c);
    assertTrue(messages.stream().noneMatch(m -> m.contains("\n")), () -> String.join("\n---\n", messages));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exactlyOneErrorInTheFile(Case c) {
    List<String> errors = compilation.errors().stream()
        .filter(d -> d.getSource() != null && d.getSource().toUri().getPath().endsWith(c.file()))
        .map(d -> d.getLineNumber() + ": " + d.getMessage(null))
        .toList();
    assertEquals(1, errors.size(), () -> "errors in " + c.file() + ":\n" + String.join("\n", errors));
  }

  @Test
  void nothingElseGoesWrong() {
    // every error is in a user's file: none in a generated companion, and no processor crash
    List<String> elsewhere = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR && d.getKind() != Diagnostic.Kind.WARNING
          && d.getKind() != Diagnostic.Kind.MANDATORY_WARNING) {
        continue;
      }
      boolean inCase = d.getSource() != null
          && CASES.stream().anyMatch(c -> d.getSource().toUri().getPath().endsWith(c.file()));
      if (!inCase || d.getKind() != Diagnostic.Kind.ERROR) {
        elsewhere.add(d.toString());
      }
    }
    assertTrue(elsewhere.isEmpty(), () -> String.join("\n", elsewhere));
    assertEquals(CASES.size(), compilation.errors().size(), () -> compilation.errors().toString());
  }

  /**
   * A method with no differentiable input (only int and boolean parameters, and loops) is either
   * compiled, or an error at the method; its companion never fails to compile (its dynamic twin
   * would have the signature of its Gradient entry).
   */
  @Test
  void methodWithoutDifferentiableInputsNeverBreaksTheCompanion() {
    String source = Compiled.classSource("p.NoInputs", List.of(), List.of("""
        @Differentiable static double f(int n, boolean b) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += b ? Math.sqrt(i) : i;
          }
          return s;
        }
        """));
    Compiled c = Compiled.compile("p.NoInputs", source);
    List<String> inGenerated = c.compilation().errors().stream()
        .filter(d -> d.getSource() == null || !d.getSource().toUri().getPath().endsWith("p/NoInputs.java"))
        .map(Object::toString)
        .toList();
    assertTrue(inGenerated.isEmpty(), () -> "errors outside the user's file:\n" + String.join("\n", inGenerated));
    if (c.compilation().status() == Compilation.Status.SUCCESS) {
      double value = (Double) c.call("p.NoInputsGrad", "f", new Class<?>[] {int.class, boolean.class, double[].class},
          4, true, new double[0]);
      assertEquals(Math.sqrt(1) + Math.sqrt(2) + Math.sqrt(3), value, 1e-15);
    } else {
      assertThat(c.compilation()).hadErrorContaining("f").inFile(c.compilation().sourceFiles().get(0))
          .onLineContaining("static double f(int n, boolean b)");
    }
  }

  private static List<String> errorsIn(Case c) {
    return compilation.errors().stream()
        .filter(d -> d.getSource() != null && d.getSource().toUri().getPath().endsWith(c.file()))
        .map(d -> d.getMessage(null))
        .toList();
  }

  private static JavaFileObject file(Case c) {
    return compilation.sourceFiles().stream()
        .filter(f -> f.toUri().getPath().endsWith(c.file()))
        .findFirst()
        .orElseThrow();
  }
}
