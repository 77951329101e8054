package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javagrad.Gradient;
import io.javagrad.GradientChecker;
import io.javagrad.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks one compiled {@code @Differentiable} method at one point the way the contract asks: the
 * generated gradient equals the dynamic twin's within 1e-10 (relative, absolute near zero), both
 * match central finite differences of the original method within 1e-6, the value is exactly the
 * original's, and the other entry points (Gradient, pullback) agree with the buffer entry.
 */
final class GradientAgreement {
  static final double TWIN_TOLERANCE = 1e-10;
  static final double FINITE_DIFFERENCE_TOLERANCE = 1e-6;

  private final Compiled compiled;
  private final String owner;
  private final String companion;
  private final String method;

  GradientAgreement(Compiled compiled, String owner, String method) {
    this.compiled = compiled;
    this.owner = owner;
    this.companion = companionOf(owner);
    this.method = method;
  }

  /** The qualified name of the companion class of the class {@code owner}. */
  static String companionOf(String owner) {
    int dot = owner.lastIndexOf('.');
    return owner.substring(0, dot + 1) + owner.substring(dot + 1).replace('$', '_') + "Grad";
  }

  /**
   * Checks the method at {@code args}: Double for double, double[] for double[], Integer, Long
   * or Boolean for the others. Returns the generated gradient.
   */
  double[] check(Object... args) {
    Class<?>[] types = typesOf(args);
    String where = owner + "." + method + Arrays.deepToString(args);
    Object[] primalArgs = fresh(args);
    double primal = (Double) compiled.call(owner, method, types, primalArgs);

    double[] grad = new double[slotCount(args)];
    Object[] gradientArgs = fresh(args);
    double value = (Double) compiled.call(companion, method, append(types, double[].class), append(gradientArgs, grad));
    assertEquals(primal, value, 0.0, () -> where + ": the gradient entry's value differs from the method's");
    assertArrayEquals(primalArgs, gradientArgs, () -> where + ": the gradient entry leaves the caller's arrays other"
        + " than the method does");

    Gradient gradient = (Gradient) compiled.call(companion, method, types, fresh(args));
    assertEquals(value, gradient.value(), 0.0, where);
    assertArrayEquals(grad, gradient.gradient(), 0.0, () -> where + ": Gradient entry differs from the buffer entry");

    checkPullback(types, args, grad, where);
    checkTangent(types, args, primalArgs, grad, where);
    new SecondOrderAgreement(compiled, owner, method).check(args);

    double[] twin = twinGradient(types, args, primal, where);
    double[] finite = GradientChecker.centralDifferences(point -> primalAt(types, args, point), flatten(args));
    for (int i = 0; i < grad.length; i++) {
      int slot = i;
      if (!GradientChecker.close(twin[i], grad[i], TWIN_TOLERANCE)) {
        throw new AssertionError(where + ": slot " + slot + ": generated " + grad[i] + " but twin " + twin[i]
            + "\n" + compiled.generatedSource(companion));
      }
      if (!GradientChecker.close(finite[i], grad[i], FINITE_DIFFERENCE_TOLERANCE)) {
        throw new AssertionError(where + ": slot " + slot + ": generated " + grad[i] + " but finite differences "
            + finite[i] + "\n" + compiled.generatedSource(companion));
      }
    }
    return grad;
  }

  /**
   * Checks the method at a point where finite differences say nothing (a kink, or where the
   * derivative is infinite or NaN): the value is exactly the original's, and the buffer entry, the
   * Gradient entry, the pullback and the twin all give exactly {@code expected} (NaN matches NaN,
   * and 0.0 matches -0.0).
   */
  double[] checkExactly(double[] expected, Object... args) {
    Class<?>[] types = typesOf(args);
    String where = owner + "." + method + Arrays.deepToString(args);
    double primal = (Double) compiled.call(owner, method, types, fresh(args));
    double[] grad = new double[slotCount(args)];
    double value = (Double) compiled.call(companion, method, append(types, double[].class), append(fresh(args), grad));
    assertEquals(primal, value, 0.0, () -> where + ": the gradient entry's value differs from the method's");
    assertArrayEquals(expected, grad, 0.0, () -> where + ": generated gradient " + Arrays.toString(grad)
        + "\n" + compiled.generatedSource(companion));
    Gradient gradient = (Gradient) compiled.call(companion, method, types, fresh(args));
    assertEquals(value, gradient.value(), 0.0, where);
    assertArrayEquals(grad, gradient.gradient(), 0.0, () -> where + ": Gradient entry differs from the buffer entry");
    checkPullback(types, args, grad, where);
    double[] twin = twinGradient(types, args, primal, where);
    assertArrayEquals(expected, twin, 0.0, () -> where + ": twin gradient " + Arrays.toString(twin));
    return grad;
  }

  /**
   * Calls the buffer entry with {@code grad} as it is (it may hold garbage, which the entry must
   * overwrite) and returns the value.
   */
  double gradientInto(double[] grad, Object... args) {
    Class<?>[] types = typesOf(args);
    return (Double) compiled.call(companion, method, append(types, double[].class), append(args, grad));
  }

  /** The pullback writes seed times the gradient from an offset on, and touches nothing else. */
  private void checkPullback(Class<?>[] types, Object[] args, double[] grad, String where) {
    double seed = -2.5;
    int offset = 3;
    double[] adjoints = new double[offset + grad.length + 2];
    Arrays.fill(adjoints, 7.0);
    Class<?>[] pullbackTypes = append(append(append(types, double.class), double[].class), int.class);
    compiled.call(companion, method + "_pullback", pullbackTypes,
        append(append(append(fresh(args), seed), adjoints), offset));
    for (int i = 0; i < adjoints.length; i++) {
      boolean inside = i >= offset && i < offset + grad.length;
      double expected = inside ? seed * grad[i - offset] : 7.0;
      if (!GradientChecker.close(expected, adjoints[i], 1e-12)) {
        throw new AssertionError(where + ": pullback slot " + i + " is " + adjoints[i] + ", expected " + expected);
      }
    }
  }

  /**
   * Forward mode agrees with reverse mode: {@code f_tangent} along a direction is the gradient
   * times it, within {@link #TWIN_TOLERANCE} of the size of the products summed (absolute below 1,
   * as {@link GradientChecker#close} compares), and it leaves the caller's arrays as the method
   * leaves them ({@code primalArgs}).
   */
  private void checkTangent(Class<?>[] types, Object[] args, Object[] primalArgs, double[] grad, String where) {
    double[] direction = new double[grad.length];
    double dot = 0;
    double scale = 0;
    for (int i = 0; i < grad.length; i++) {
      direction[i] = (i % 3 == 1 ? -1 : 1) * (0.5 + 0.25 * (i % 5));
      dot += grad[i] * direction[i];
      scale += Math.abs(grad[i] * direction[i]);
    }
    Object[] tangentArgs = fresh(args);
    double tangent = (Double) compiled.call(companion, method + "_tangent", append(types, double[].class),
        append(tangentArgs, direction));
    assertArrayEquals(primalArgs, tangentArgs, () -> where + ": f_tangent leaves the caller's arrays other than the"
        + " method does");
    if (!(Math.abs(tangent - dot) <= TWIN_TOLERANCE * Math.max(scale, 1))) {
      throw new AssertionError(where + ": f_tangent gives " + tangent + " but the gradient times the direction is "
          + dot + "\n" + compiled.generatedSource(companion));
    }
  }

  /** Which parameters take gradient slots: double and double[] ones without @NoDerivative. */
  private boolean[] differentiated;

  /** The parameter types for {@code args}; also learns which parameters are differentiated. */
  /**
   * The parameter types of the method that takes {@code args}: the exact classes for numbers and
   * arrays, any supertype for an object (a {@code List} for a list).
   */
  Class<?>[] typesOf(Object[] args) {
    Class<?>[] exact = Arrays.stream(args).map(GradientAgreement::primitiveType).toArray(Class<?>[]::new);
    java.lang.reflect.Method original = Arrays.stream(compiled.load(owner).getDeclaredMethods())
        .filter(m -> m.getName().equals(method) && accepts(m.getParameterTypes(), exact))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no method " + owner + "." + method + Arrays.toString(exact)));
    java.lang.annotation.Annotation[][] annotations = original.getParameterAnnotations();
    Class<?>[] types = original.getParameterTypes();
    differentiated = new boolean[types.length];
    for (int i = 0; i < types.length; i++) {
      boolean constant = Arrays.stream(annotations[i]).anyMatch(a -> a instanceof io.javagrad.NoDerivative);
      differentiated[i] = (types[i] == double.class || types[i] == double[].class || types[i] == double[][].class)
          && !constant;
    }
    return types;
  }

  private static boolean accepts(Class<?>[] parameters, Class<?>[] arguments) {
    if (parameters.length != arguments.length) {
      return false;
    }
    for (int i = 0; i < parameters.length; i++) {
      boolean same = parameters[i] == arguments[i] || !parameters[i].isPrimitive() && !parameters[i].isArray()
          && parameters[i].isAssignableFrom(arguments[i]);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  private double[] twinGradient(Class<?>[] types, Object[] args, double primal, String where) {
    Class<?>[] twinTypes = new Class<?>[args.length];
    List<Value> leaves = new ArrayList<>();
    Value result = (Value) compiled.call(companion, method, twinTypes, twinArguments(types, args, twinTypes, leaves));
    if (!GradientChecker.close(primal, result.data(), 1e-12)) {
      throw new AssertionError(where + ": the twin's value " + result.data() + " differs from " + primal);
    }
    result.backward();
    return leaves.stream().mapToDouble(Value::grad).toArray();
  }

  /**
   * The twin's arguments for {@code args}: a new leaf for each differentiated input, added to {@code
   * leaves} in gradient layout; {@code twinTypes} receives the twin's parameter types.
   */
  Object[] twinArguments(Class<?>[] types, Object[] args, Class<?>[] twinTypes, List<Value> leaves) {
    Object[] values = fresh(args);
    for (int i = 0; i < args.length; i++) {
      if (!differentiated[i]) {
        twinTypes[i] = types[i];
      } else if (args[i] instanceof Double d) {
        Value leaf = new Value(d);
        leaves.add(leaf);
        values[i] = leaf;
        twinTypes[i] = Value.class;
      } else if (args[i] instanceof double[] array) {
        Value[] leafArray = new Value[array.length];
        for (int j = 0; j < array.length; j++) {
          leafArray[j] = new Value(array[j]);
          leaves.add(leafArray[j]);
        }
        values[i] = leafArray;
        twinTypes[i] = Value[].class;
      } else if (args[i] instanceof double[][] matrix) {
        Value[][] leafMatrix = new Value[matrix.length][];
        for (int r = 0; r < matrix.length; r++) {
          leafMatrix[r] = new Value[matrix[r].length];
          for (int j = 0; j < matrix[r].length; j++) {
            leafMatrix[r][j] = new Value(matrix[r][j]);
            leaves.add(leafMatrix[r][j]);
          }
        }
        values[i] = leafMatrix;
        twinTypes[i] = Value[][].class;
      } else {
        twinTypes[i] = types[i];
      }
    }
    return values;
  }

  private double primalAt(Class<?>[] types, Object[] args, double[] point) {
    return (Double) compiled.call(owner, method, types, moved(args, point));
  }

  /** {@code args} with the differentiated inputs taken from {@code point}, in gradient layout. */
  Object[] moved(Object[] args, double[] point) {
    Object[] moved = fresh(args);
    int k = 0;
    for (int i = 0; i < args.length; i++) {
      if (!differentiated[i]) {
        continue;
      }
      if (args[i] instanceof Double) {
        moved[i] = point[k++];
      } else if (args[i] instanceof double[] array) {
        moved[i] = Arrays.copyOfRange(point, k, k + array.length);
        k += array.length;
      } else if (args[i] instanceof double[][] matrix) {
        double[][] rows = new double[matrix.length][];
        for (int r = 0; r < matrix.length; r++) {
          rows[r] = Arrays.copyOfRange(point, k, k + matrix[r].length);
          k += matrix[r].length;
        }
        moved[i] = rows;
      }
    }
    return moved;
  }

  /** The differentiated inputs, flat, in gradient layout. */
  double[] flatten(Object[] args) {
    List<Double> flat = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (!differentiated[i]) {
        continue;
      }
      if (args[i] instanceof Double d) {
        flat.add(d);
      } else if (args[i] instanceof double[] array) {
        Arrays.stream(array).forEach(flat::add);
      } else if (args[i] instanceof double[][] matrix) {
        Arrays.stream(matrix).flatMapToDouble(Arrays::stream).forEach(flat::add);
      }
    }
    return flat.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * A copy of {@code args} with its arrays copied, for one call: a method may write into its
   * parameters' arrays, and each entry point must start from the same point.
   */
  static Object[] fresh(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof double[] array) {
        copy[i] = array.clone();
      } else if (copy[i] instanceof double[][] matrix) {
        copy[i] = Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
      }
    }
    return copy;
  }

  private int slotCount(Object[] args) {
    return flatten(args).length;
  }

  private static Class<?> primitiveType(Object arg) {
    if (arg instanceof Double) {
      return double.class;
    }
    if (arg instanceof double[]) {
      return double[].class;
    }
    if (arg instanceof Integer) {
      return int.class;
    }
    if (arg instanceof Long) {
      return long.class;
    }
    if (arg instanceof Boolean) {
      return boolean.class;
    }
    Class<?> narrow = arg instanceof Character ? char.class : arg instanceof Short ? short.class
        : arg instanceof Byte ? byte.class : arg instanceof Float ? float.class : null;
    if (narrow != null) {
      return narrow;
    }
    // Any other argument passes through as it is: an enum constant, a string, an int[].
    return arg instanceof Enum<?> constant ? constant.getDeclaringClass() : arg.getClass();
  }

  /** {@code types} and then {@code type}. */
  static Class<?>[] append(Class<?>[] types, Class<?> type) {
    Class<?>[] more = Arrays.copyOf(types, types.length + 1);
    more[types.length] = type;
    return more;
  }

  /** {@code args} and then {@code arg}. */
  static Object[] append(Object[] args, Object arg) {
    Object[] more = Arrays.copyOf(args, args.length + 1);
    more[args.length] = arg;
    return more;
  }
}
