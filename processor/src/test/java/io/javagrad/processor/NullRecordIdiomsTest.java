package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ways Java libraries write "a record or none": a constant that stands for none ({@code static
 * final Hit NONE = null}) and one that stands in for it ({@code MISS}), {@code Objects.isNull},
 * {@code nonNull} and {@code requireNonNullElse} (statically imported too), and helpers that pass a
 * helper's null on. Each gives what Java gives, on the path where the value is null and where it is not.
 */
class NullRecordIdiomsTest {
  private static final String SOURCE = """
package p;

import static java.util.Objects.requireNonNullElse;

import io.javagrad.Differentiable;
import java.util.Objects;

public class Idioms {
  private Idioms() {}

  record Hit(double t, double shade) {}

  static final Hit NONE = null;
  static final Hit MISS = new Hit(Double.POSITIVE_INFINITY, 0.1);

  /** The hit of a ray at height h on a disc of radius r at distance d, or NONE. */
  static Hit disc(double h, double r, double d) {
    if (Math.abs(h) > r) {
      return NONE;
    }
    return new Hit(d / Math.sqrt(1 + h * h), 1 - h * h / (r * r));
  }

  /** The nearer hit, where either may be none. */
  static Hit nearer(Hit a, Hit b) {
    if (Objects.isNull(a)) {
      return b;
    }
    return Objects.nonNull(b) && b.t() < a.t() ? b : a;
  }

  static Hit traced(double h, double r) {
    return nearer(disc(h, r, 4), disc(h - 0.5, r, 3));
  }

  @Differentiable
  public static double brightness(double h, double r) {
    Hit hit = traced(h, r);
    Hit shown = requireNonNullElse(hit, MISS);
    return Objects.isNull(hit) ? shown.shade() * r : shown.shade() / shown.t();
  }

  /** A ray's hit and the disc it hit; the hit is checked where it is made, as a library checks its arguments. */
  record Shaded(Hit hit, double albedo) {
    Shaded {
      Objects.requireNonNull(hit, "hit");
    }
  }

  @Differentiable
  public static double shadedOrThrow(double h, double r) {
    Hit hit = Objects.requireNonNull(disc(h, r, 3), "no hit at " + h);
    Shaded shaded = new Shaded(Objects.requireNonNull(disc(h * 2, r, 4)), 0.8);
    Objects.requireNonNull(shaded.hit(), "the hit of a shaded disc");
    return hit.shade() * shaded.hit().t() * shaded.albedo();
  }

  @Differentiable
  public static double orElseNever(double h, double r) {
    Hit always = Objects.requireNonNullElse(new Hit(h, r), disc(h, r, 2));
    return always.t() * always.shade();
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Idioms", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Idioms", method).check(args);
  }

  @Test
  void bothHits() {
    agree("brightness", 0.3, 1.0);
  }

  @Test
  void oneHit() {
    agree("brightness", 0.9, 0.5);
    agree("brightness", -0.2, 0.4);
  }

  @Test
  void noHitStandsInTheMissConstant() {
    double[] gradient = agree("brightness", 3.0, 0.5);
    assertEquals(0.0, gradient[0], 0.0);
    assertEquals(0.1, gradient[1], 1e-15);
  }

  @Test
  void aValueNeverNullIsChosenAndTheOtherStillEvaluated() {
    agree("orElseNever", 0.3, 0.7);
    agree("orElseNever", 3.0, 0.7);
  }

  @Test
  void requireNonNullOfRecordsChecksWhereJavaDoes() throws Exception {
    agree("shadedOrThrow", 0.3, 1.0);
    java.lang.reflect.Method gradient = compiled.load("p.IdiomsGrad").getMethod("shadedOrThrow", double.class,
        double.class, double[].class);
    Throwable missed = org.junit.jupiter.api.Assertions.assertThrows(java.lang.reflect.InvocationTargetException.class,
        () -> gradient.invoke(null, 3.0, 1.0, new double[2])).getCause();
    assertEquals(NullPointerException.class, missed.getClass());
    assertEquals("no hit at 3.0", missed.getMessage());
    Throwable inner = org.junit.jupiter.api.Assertions.assertThrows(java.lang.reflect.InvocationTargetException.class,
        () -> gradient.invoke(null, 0.8, 1.0, new double[2])).getCause();
    assertEquals(NullPointerException.class, inner.getClass());
    assertEquals(null, inner.getMessage());
  }

  @Test
  void anAlternativeThatMayBeNullIsAnError() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Objects;

        class E {
          record P(double x, double y) {}

          static P maybe(double x) {
            return x > 0 ? new P(x, 1) : null;
          }

          @Differentiable
          static double f(double x, double y) {
            P p = Objects.requireNonNullElse(maybe(x), maybe(y));
            return p.x() * p.y();
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("maybe(y) may be null, and"
        + " Objects.requireNonNullElse(maybe(x), maybe(y)) would then throw NullPointerException where maybe(x) is;"
        + " javagrad follows its P by its components: give it one that is never null")
        .inFile(file).onLineContaining("P p = Objects.requireNonNullElse");
  }
}
