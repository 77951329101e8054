package io.javagrad.processor;

import io.javagrad.GradientChecker;
import io.javagrad.processor.DifferentialFuzzer.Features;
import io.javagrad.processor.DifferentialFuzzer.Points;
import io.javagrad.processor.ForwardInterpreter.PointFilter;
import io.javagrad.processor.RandomDifferentialControlFlowTest.Generator;
import io.javagrad.processor.RandomPrograms.Case;
import io.javagrad.processor.RandomPrograms.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Vector-valued methods on random programs: each case of {@link RandomDifferentialControlFlowTest}'s
 * generator (without writes into its parameters' arrays, which a vector-valued method may not do)
 * is compiled with a copy of its main method, {@code fVec}, that returns {@code new double[] {e}}
 * wherever the main method returns {@code e}: all the control flow, arrays, calls and constant
 * inputs of the fuzzer, around a returned array. At each point the {@link ForwardInterpreter}
 * accepts (up to two a case), the main method passes {@link GradientAgreement}, {@code fVec}
 * passes {@link VectorAgreement}, and its one row of the Jacobian equals the main method's
 * gradient within 1e-10.
 *
 * <p>{@code -Djavagrad.fuzzvec.count=N} sets the number of cases (default 40), {@code
 * -Djavagrad.fuzzvec.base=N} the first seed.
 */
class RandomVectorValuedTest {
  private static final int BATCH = 20;
  private static final int ATTEMPTS = 30;
  private static final int POINTS = 2;
  private static final Points WHERE = new Points(1.5, 0, 4);
  private static final PointFilter FILTER = new PointFilter(1e-4, true, false);
  private static final Pattern RETURN = Pattern.compile("return (.+);$", Pattern.MULTILINE);

  @TestFactory
  Stream<DynamicTest> randomProgramsReturningTheirValueInAnArray() {
    long base = Long.getLong("javagrad.fuzzvec.base", 0x766563L /* "vec" */);
    int count = Integer.getInteger("javagrad.fuzzvec.count", 40);
    List<DynamicTest> tests = new ArrayList<>();
    for (int from = 0; from < count; from += BATCH) {
      long first = base + from;
      long last = base + Math.min(count, from + BATCH);
      tests.add(DynamicTest.dynamicTest("seeds " + first + " to " + (last - 1), () -> batch(first, last)));
    }
    return tests.stream();
  }

  private static void batch(long first, long last) {
    Features features = new Features(Set.of("parameterWrites"));
    List<Case> cases = LongStream.range(first, last).mapToObj(seed -> Generator.generate(seed, features)).toList();
    String className = "Vec" + first;
    StringBuilder source = new StringBuilder("package fuzzvec;\n\nimport io.javagrad.Differentiable;\n"
        + "import io.javagrad.Functions;\nimport io.javagrad.NoDerivative;\n\npublic class " + className + " {\n"
        + RandomPrograms.APPLY_HELPERS);
    cases.forEach(c -> source.append(withVectorValued(c)).append('\n'));
    String text = source.append("}\n").toString();
    Compiled compiled = Compiled.compile("fuzzvec." + className, text);
    if (compiled.compilation().status() != com.google.testing.compile.Compilation.Status.SUCCESS
        || !compiled.compilation().errors().isEmpty()) {
      throw new AssertionError("seeds " + first + " to " + (last - 1) + " do not compile:\n" + compiled.diagnostics()
          + "\n" + text);
    }
    compiled.assertCleanSuccess();
    int checked = 0;
    for (Case c : cases) {
      checked += check(compiled, "fuzzvec." + className, c) > 0 ? 1 : 0;
    }
    // Most cases have a point the interpreter accepts; a batch without enough would check little.
    if (checked < cases.size() / 2) {
      throw new AssertionError("only " + checked + " of " + cases.size() + " cases had a point to check");
    }
    System.out.println("fuzzvec: seeds " + first + " to " + (last - 1) + ": " + checked + " cases checked");
  }

  /** The case's members, and {@code fVec}: the main method returning its value in an array of one. */
  private static String withVectorValued(Case c) {
    String members = c.source(true);
    Method main = c.main();
    int start = members.indexOf("@Differentiable static double " + main.name + "(");
    String suppress = "@SuppressWarnings(\"fallthrough\")\n  ";
    if (members.startsWith(suppress, start - suppress.length())) {
      start -= suppress.length();
    }
    int end = members.indexOf("\n  }\n", start) + "\n  }\n".length();
    String vector = members.substring(start, end)
        .replace("static double " + main.name + "(", "static double[] " + main.name + "Vec(");
    Matcher returns = RETURN.matcher(vector);
    return members + "  " + returns.replaceAll(r -> Matcher.quoteReplacement("return new double[] {" + r.group(1)
        + "};"));
  }

  /** Checks the case at up to {@link #POINTS} points; returns how many. */
  private static int check(Compiled compiled, String owner, Case c) {
    Method main = c.main();
    SplittableRandom random = new SplittableRandom(c.seed ^ 0x7ec7L);
    int found = 0;
    for (int attempt = 0; attempt < ATTEMPTS && found < POINTS; attempt++) {
      Object[] point = WHERE.random(main, random);
      if (ForwardInterpreter.reject(c, main, point, FILTER) != null) {
        continue;
      }
      found++;
      Object[] args = DifferentialFuzzer.objects(compiled, owner, c, point);
      try {
        double[] gradient = new GradientAgreement(compiled, owner, main.name).check(args);
        double[][] jacobian = new VectorAgreement(compiled, owner, main.name + "Vec").check(args);
        for (int k = 0; k < gradient.length; k++) {
          if (!GradientChecker.close(gradient[k], jacobian[0][k], GradientAgreement.TWIN_TOLERANCE)) {
            throw new AssertionError("slot " + k + ": the Jacobian has " + jacobian[0][k] + " but the gradient "
                + gradient[k]);
          }
        }
      } catch (AssertionError | RuntimeException failure) {
        throw new AssertionError("seed " + c.seed + " at " + Arrays.deepToString(point) + ": " + failure.getMessage()
            + "\n" + withVectorValued(c), failure);
      }
    }
    return found;
  }
}
