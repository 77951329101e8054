package io.javagrad.processor;

import static io.javagrad.processor.GradientAgreement.append;
import static io.javagrad.processor.GradientAgreement.fresh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.javagrad.GradientChecker;
import io.javagrad.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks one compiled vector-valued method ({@code @Differentiable static double[] f}) at one
 * point, as {@link GradientAgreement} checks a scalar one: the value of each entry point is exactly
 * the method's; the Jacobian entry's rows match central finite differences of the method within
 * 1e-6; {@code f_vjp} gives seedᵀJ and {@code f_jvp} gives J·direction within 1e-10 of the size of
 * the products summed; and each element of the dynamic twin's result, differentiated by {@code
 * backward()}, gives its row of the Jacobian within 1e-10.
 */
final class VectorAgreement {
  private final Compiled compiled;
  private final String owner;
  private final String companion;
  private final String method;
  /** The scalar checker's knowledge of the parameters: types, gradient layout, twin arguments. */
  private final GradientAgreement parameters;

  VectorAgreement(Compiled compiled, String owner, String method) {
    this.compiled = compiled;
    this.owner = owner;
    this.companion = GradientAgreement.companionOf(owner);
    this.method = method;
    this.parameters = new GradientAgreement(compiled, owner, method);
  }

  /** Checks the method at {@code args} (as {@link GradientAgreement#check} takes them); returns the Jacobian. */
  double[][] check(Object... args) {
    Class<?>[] types = parameters.typesOf(args);
    String where = owner + "." + method + Arrays.deepToString(args);
    Object[] primalArgs = fresh(args);
    double[] primal = (double[]) compiled.call(owner, method, types, primalArgs);
    double[] x = parameters.flatten(args);
    double[][] jacobian = new double[primal.length][x.length];
    Object[] jacobianArgs = fresh(args);
    double[] value = (double[]) compiled.call(companion, method, append(types, double[][].class),
        append(jacobianArgs, jacobian));
    assertArrayEquals(primal, value, 0.0, () -> where + ": the Jacobian entry's value differs from the method's");
    assertArrayEquals(primalArgs, jacobianArgs, () -> where + ": the Jacobian entry leaves the caller's arrays other"
        + " than the method does");
    for (int i = 0; i < primal.length; i++) {
      int row = i;
      double[] finite = GradientChecker.centralDifferences(
          point -> ((double[]) compiled.call(owner, method, types, parameters.moved(args, point)))[row], x);
      for (int k = 0; k < x.length; k++) {
        if (!GradientChecker.close(finite[k], jacobian[i][k], GradientAgreement.FINITE_DIFFERENCE_TOLERANCE)) {
          throw new AssertionError(where + ": d" + method + "[" + i + "]/dslot" + k + ": generated " + jacobian[i][k]
              + " but finite differences " + finite[k] + "\n" + compiled.generatedSource(companion));
        }
      }
    }
    checkVjp(types, args, primal, jacobian, where);
    checkJvp(types, args, primal, jacobian, where);
    checkTwin(types, args, primal, jacobian, where);
    return jacobian;
  }

  /** {@code f_vjp} with a seed of mixed signs: seedᵀJ, and the value. */
  private void checkVjp(Class<?>[] types, Object[] args, double[] primal, double[][] jacobian, String where) {
    int n = parameters.flatten(args).length;
    double[] seed = pattern(primal.length);
    double[] grad = new double[n];
    Arrays.fill(grad, 7.0);
    double[] value = (double[]) compiled.call(companion, method + "_vjp",
        append(append(types, double[].class), double[].class), append(append(fresh(args), seed), grad));
    assertArrayEquals(primal, value, 0.0, () -> where + ": f_vjp's value differs from the method's");
    for (int k = 0; k < n; k++) {
      double expected = 0;
      double scale = 0;
      for (int i = 0; i < primal.length; i++) {
        expected += seed[i] * jacobian[i][k];
        scale += Math.abs(seed[i] * jacobian[i][k]);
      }
      assertProduct(expected, grad[k], scale, where + ": f_vjp slot " + k);
    }
  }

  /** {@code f_jvp} along a direction of mixed signs: J·direction, and the value. */
  private void checkJvp(Class<?>[] types, Object[] args, double[] primal, double[][] jacobian, String where) {
    int n = parameters.flatten(args).length;
    double[] direction = pattern(n);
    double[] out = new double[primal.length + 2];
    Arrays.fill(out, 7.0);
    double[] value = (double[]) compiled.call(companion, method + "_jvp",
        append(append(types, double[].class), double[].class), append(append(fresh(args), direction), out));
    assertArrayEquals(primal, value, 0.0, () -> where + ": f_jvp's value differs from the method's");
    for (int i = 0; i < primal.length; i++) {
      double expected = 0;
      double scale = 0;
      for (int k = 0; k < n; k++) {
        expected += jacobian[i][k] * direction[k];
        scale += Math.abs(jacobian[i][k] * direction[k]);
      }
      assertProduct(expected, out[i], scale, where + ": f_jvp element " + i);
    }
    assertArrayEquals(new double[] {7.0, 7.0}, Arrays.copyOfRange(out, primal.length, out.length), 0.0,
        () -> where + ": f_jvp writes past the value's length");
  }

  /** Each element of the twin's result, differentiated alone, gives its row of the Jacobian. */
  private void checkTwin(Class<?>[] types, Object[] args, double[] primal, double[][] jacobian, String where) {
    for (int i = 0; i < primal.length; i++) {
      Class<?>[] twinTypes = new Class<?>[args.length];
      List<Value> leaves = new ArrayList<>();
      Object[] twinArgs = parameters.twinArguments(types, args, twinTypes, leaves);
      Value[] result = (Value[]) compiled.call(companion, method, twinTypes, twinArgs);
      if (result.length != primal.length || !GradientChecker.close(primal[i], result[i].data(), 1e-12)) {
        throw new AssertionError(where + ": the twin's value " + Arrays.toString(result) + " differs from "
            + Arrays.toString(primal));
      }
      result[i].backward();
      for (int k = 0; k < leaves.size(); k++) {
        if (!GradientChecker.close(jacobian[i][k], leaves.get(k).grad(), GradientAgreement.TWIN_TOLERANCE)) {
          throw new AssertionError(where + ": twin row " + i + " slot " + k + " is " + leaves.get(k).grad()
              + " but the Jacobian has " + jacobian[i][k] + "\n" + compiled.generatedSource(companion));
        }
      }
    }
  }

  private static void assertProduct(double expected, double actual, double scale, String what) {
    if (!(Math.abs(actual - expected) <= GradientAgreement.TWIN_TOLERANCE * Math.max(scale, 1))) {
      throw new AssertionError(what + " is " + actual + ", expected " + expected);
    }
  }

  /** A vector of mixed signs and sizes, as {@link GradientAgreement}'s directions are. */
  private static double[] pattern(int length) {
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = (i % 3 == 1 ? -1 : 1) * (0.5 + 0.25 * (i % 5));
    }
    return v;
  }
}
