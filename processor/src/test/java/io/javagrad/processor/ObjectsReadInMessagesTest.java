package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A message run as written that reads an object through a call given nothing ({@code
 * tol.maxSteps()}) next to a value with a derivative ({@code String.format("... %d ... %.4f",
 * tol.maxSteps(), t)}): the call keeps nothing of the message's values in the object, so the object
 * may be read by the result ({@code tol.absolute()} in the step control) and nothing is lost. It was
 * refused as if {@code t} could be kept in {@code tol}; found writing Dormand-Prince for the Dynamics
 * corpus. A call that is given the value ({@code seen.add(t)}) still may keep it, and is refused.
 */
class ObjectsReadInMessagesTest {
  @Test
  void aGetterReadNextToADerivativeInAMessageKeepsNothing() throws ReflectiveOperationException {
    String source = Compiled.classSource("p.Stepper", List.of(), List.of("""
        public record Tolerances(double absolute, int maxSteps) {}
        """, """
        @Differentiable static double steps(double x, Tolerances tol) {
          double t = 0;
          int steps = 0;
          while (t < 1) {
            if (++steps > tol.maxSteps()) {
              throw new IllegalStateException(String.format("no convergence in %d steps at t=%.4f", tol.maxSteps(), t));
            }
            t += tol.absolute() * x;
          }
          return t * t;
        }
        """));
    Compiled compiled = Compiled.compile("p.Stepper", source).assertCleanSuccess();
    var constructor = compiled.load("p.Stepper$Tolerances").getDeclaredConstructor(double.class, int.class);
    new GradientAgreement(compiled, "p.Stepper", "steps").check(1.3, constructor.newInstance(0.25, 100));
    Object tight = constructor.newInstance(0.25, 2);
    Class<?>[] types = {double.class, tight.getClass(), double[].class};
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> compiled.call("p.StepperGrad", "steps", types, 1.3, tight, new double[1]));
    assertEquals("no convergence in 2 steps at t=0.6500", thrown.getMessage());
  }

  @Test
  void aCallGivenTheValueMayStillKeepIt() {
    String source = Compiled.classSource("p.Kept", List.of("import java.util.ArrayList;", "import java.util.List;"),
        List.of("""
        @Differentiable static double kept(double x) {
          double t = x * x;
          List<Double> seen = new ArrayList<>();
          seen.add(t);
          return t * seen.size() + seen.get(0);
        }
        """));
    assertThat(Compiled.compile("p.Kept", source).compilation()).hadErrorContaining("t carries a derivative");
  }
}
