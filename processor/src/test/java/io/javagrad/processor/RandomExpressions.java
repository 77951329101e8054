package io.javagrad.processor;

import static io.javagrad.processor.RandomPrograms.contains;
import static io.javagrad.processor.RandomPrograms.kind;
import static io.javagrad.processor.TableFunction.ABS;
import static io.javagrad.processor.TableFunction.ATAN;
import static io.javagrad.processor.TableFunction.COS;
import static io.javagrad.processor.TableFunction.COSH;
import static io.javagrad.processor.TableFunction.EXP;
import static io.javagrad.processor.TableFunction.HYPOT;
import static io.javagrad.processor.TableFunction.POW;
import static io.javagrad.processor.TableFunction.SIGMOID;
import static io.javagrad.processor.TableFunction.SIN;
import static io.javagrad.processor.TableFunction.TANH;

import io.javagrad.processor.DifferentialFuzzer.Features;
import io.javagrad.processor.RandomPrograms.Bin;
import io.javagrad.processor.RandomPrograms.Call;
import io.javagrad.processor.RandomPrograms.Case;
import io.javagrad.processor.RandomPrograms.Cast;
import io.javagrad.processor.RandomPrograms.DLit;
import io.javagrad.processor.RandomPrograms.Ex;
import io.javagrad.processor.RandomPrograms.Fn;
import io.javagrad.processor.RandomPrograms.Form;
import io.javagrad.processor.RandomPrograms.ILit;
import io.javagrad.processor.RandomPrograms.K;
import io.javagrad.processor.RandomPrograms.Method;
import io.javagrad.processor.RandomPrograms.Neg;
import io.javagrad.processor.RandomPrograms.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The double expressions of the randomized differential tests: arithmetic, literals, int operands
 * and every function of the {@link TableFunction table}, each argument kept inside its function's
 * domain and each denominator away from zero by construction (but for the occasional pole, near
 * which the interpreter skips points). A fuzzer's generator extends it with the statements, and
 * with what its programs read: their leaves, int expressions, calls and conditionals.
 */
abstract class RandomExpressions {
  private static final TableFunction[] FUNCTIONS = TableFunction.values();

  final SplittableRandom r;
  /** Draws how each function of the table is written ({@link Form}), apart from {@link #r}. */
  private final SplittableRandom forms;
  final Features features;
  /** The case being generated. */
  final Case c;
  /** The helpers generated so far, which later methods may call. */
  final List<Method> callable = new ArrayList<>();
  /** How many more calls the method being generated may make. */
  int callsLeft;

  RandomExpressions(long seed, Features features) {
    this.r = new SplittableRandom(seed);
    this.forms = new SplittableRandom(~seed);
    this.features = features;
    this.c = new Case(seed);
  }

  /** Adds a finished helper to the case, for later methods to call. */
  void addHelper(Method helper) {
    c.methods.add(helper);
    callable.add(helper);
  }

  // ---------------------------------------------------------------- what the programs read

  /** A double or int variable, a literal, an array element: an expression without operators. */
  abstract Ex leaf(boolean preferLocals);

  /** An int expression, for double arithmetic with an int operand. */
  abstract Ex intOperand();

  /**
   * A call of a {@link #callable} helper, its arguments of depth below {@code depth}, that takes
   * one of {@link #callsLeft}; null where none fits.
   */
  abstract Ex call(int depth);

  /** {@code test ? a : b} of two double expressions, or null where the programs have none. */
  Ex conditional(int depth, boolean preferLocals) {
    return null;
  }

  /** {@code -e}. */
  Ex negate(Ex e) {
    return new Neg(e);
  }

  /** Whether {@link #square} may write a call twice, {@code g(x) * g(x)}, rather than {@code Math.pow(g(x), 2)}. */
  boolean repeatsCalls() {
    return false;
  }

  // ---------------------------------------------------------------- expressions

  /** A double expression of depth at most {@code depth}; {@code preferLocals} favours locals over parameters. */
  Ex dexpr(int depth, boolean preferLocals) {
    if (depth <= 0 || r.nextInt(10) < 2) {
      return leaf(preferLocals);
    }
    int choice = r.nextInt(100);
    if (choice < 35) {
      char op = choice < 12 ? '+' : choice < 22 ? '-' : '*';
      return new Bin(op, dexpr(depth - 1, preferLocals), dexpr(depth - 1, preferLocals));
    }
    if (choice < 43) {
      return division(depth, preferLocals);
    }
    if (choice < 47) {
      return negate(dexpr(depth - 1, preferLocals));
    }
    if (choice < 51) {
      return mixedWithInt(depth, preferLocals);
    }
    Ex other = choice < 59 ? conditional(depth, preferLocals)
        : choice < 88 || callable.isEmpty() || callsLeft <= 0 ? null : call(depth);
    return other != null ? other : function(depth, preferLocals);
  }

  private Ex division(int depth, boolean preferLocals) {
    Ex numerator = dexpr(depth - 1, preferLocals);
    if (r.nextInt(8) == 0) { // a pole is possible: points near it are skipped
      return new Bin('/', numerator, asDouble(dexpr(depth - 1, preferLocals)));
    }
    return new Bin('/', numerator, safeDenominator(depth - 1));
  }

  /** Double arithmetic with an int operand: promotion, an explicit cast, int arithmetic inside. */
  private Ex mixedWithInt(int depth, boolean preferLocals) {
    Ex integral = intOperand();
    Ex other = dexpr(depth - 1, preferLocals);
    return switch (r.nextInt(4)) {
      case 0 -> new Bin('*', other, integral);
      case 1 -> new Bin('+', integral, other);
      case 2 -> new Bin('*', new Cast(integral), other);
      default -> new Bin('/', other, new Bin('+', new ILit(10), new Bin('*', integral, integral)));
    };
  }

  /**
   * A function of the table, its arguments kept inside its domain; with the feature
   * "functionValues", sometimes given as a lambda or a method reference to a helper that applies
   * it. That choice draws on a generator of its own, so the programs are those of the seed without it.
   */
  private Ex function(int depth, boolean preferLocals) {
    Fn call = (Fn) tableFunction(depth, preferLocals);
    if (!features.on("functionValues") || forms.nextInt(6) != 0) {
      return call;
    }
    Form[] given = {Form.LAMBDA, Form.REFERENCE, Form.RECURSIVE, Form.CAPTURED};
    return new Fn(call.function(), call.args(), given[forms.nextInt(given.length)]);
  }

  private Ex tableFunction(int depth, boolean preferLocals) {
    TableFunction f = FUNCTIONS[r.nextInt(FUNCTIONS.length)];
    Ex a = dexpr(depth - 1, preferLocals);
    int variant = r.nextInt(4);
    return switch (f) {
      case EXP, SIN, COS, ATAN, SINH, COSH, TANH, RELU, SIGMOID -> fn(f, a);
      case ABS -> fn(f, asDouble(a));
      case EXPM1 -> variant == 0 ? fn(f, new Neg(square(a))) : fn(f, a);
      case LOG -> switch (variant) {
        case 0 -> fn(f, plus(1, square(a)));
        case 1 -> fn(f, plus(2, fn(SIN, a)));
        case 2 -> fn(f, fn(HYPOT, a, lit(1)));
        default -> fn(f, fn(COSH, a));
      };
      case LOG10 -> variant < 2 ? fn(f, plus(1, square(a))) : fn(f, plus(1.5, fn(COS, a)));
      case LOG1P -> switch (variant) {
        case 0 -> fn(f, square(a));
        case 1 -> fn(f, fn(ABS, asDouble(a)));
        default -> fn(f, fn(SIGMOID, a));
      };
      case SQRT -> switch (variant) {
        case 0 -> fn(f, plus(1, square(a)));
        case 1 -> fn(f, plus(2, fn(SIN, a)));
        default -> fn(f, new Bin('+', new Bin('+', square(a), square(dexpr(depth - 1, preferLocals))), lit(0.5)));
      };
      case CBRT -> variant == 0 ? fn(f, a) : fn(f, plus(1, square(a)));
      case POW -> switch (variant) {
        case 0 -> fn(f, plus(1, square(a)), dexpr(depth - 1, preferLocals));
        case 1 -> fn(f, a, new ILit(2 + r.nextInt(2)));
        case 2 -> fn(f, a, lit(2 + r.nextInt(2)));
        default -> fn(f, plus(1.5, fn(SIN, a)), literal());
      };
      case TAN -> variant < 2 ? fn(f, new Bin('*', lit(0.9), fn(ATAN, a))) : fn(f, new Bin('*', lit(0.5), a));
      case ASIN, ACOS -> switch (variant) {
        case 0 -> fn(f, new Bin('*', fn(TANH, a), lit(0.9)));
        case 1 -> fn(f, new Bin('*', lit(0.5), fn(SIN, a)));
        default -> fn(f, new Bin('-', fn(SIGMOID, a), lit(0.5)));
      };
      case ATAN2 -> variant == 0 ? fn(f, a, plus(2, square(dexpr(depth - 1, preferLocals))))
          : fn(f, a, dexpr(depth - 1, preferLocals));
      case MAX, MIN -> variant == 0 && a instanceof Var ? fn(f, asDouble(a), a) // a tie, at every point
          : fn(f, asDouble(a), dexpr(depth - 1, preferLocals));
      case HYPOT -> variant == 0 ? fn(f, a, lit(1)) : fn(f, a, dexpr(depth - 1, preferLocals));
    };
  }

  /** A denominator that stays away from zero. */
  Ex safeDenominator(int depth) {
    Ex e = dexpr(depth, false);
    return switch (r.nextInt(5)) {
      case 0 -> plus(1.5, fn(SIN, e));
      case 1 -> plus(2, square(e));
      case 2 -> plus(1, fn(EXP, e));
      case 3 -> r.nextBoolean() ? new ILit(3) : lit(2.5);
      default -> plus(1.25, fn(COS, e));
    };
  }

  /** {@code e * e}, or {@code Math.pow(e, 2)} where that would write a call twice and {@link #repeatsCalls} says no. */
  Ex square(Ex e) {
    return repeatsCalls() || !contains(e, Call.class::isInstance) ? new Bin('*', e, e) : fn(POW, e, new ILit(2));
  }

  /** {@code e} as a double: Math.abs, max and min of ints are int functions, and an int denominator could be 0. */
  static Ex asDouble(Ex e) {
    return kind(e) == K.I ? new Cast(e) : e;
  }

  static DLit lit(double v) {
    return new DLit(v);
  }

  static Ex plus(double v, Ex e) {
    return new Bin('+', lit(v), e);
  }

  static Ex fn(TableFunction f, Ex... args) {
    return new Fn(f, List.of(args));
  }

  <T> T pick(List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  // ---------------------------------------------------------------- literals

  double literalValue() {
    return switch (r.nextInt(4)) {
      case 0 -> 0.5 + r.nextInt(6) * 0.5;
      case 1 -> r.nextInt(1, 5);
      case 2 -> Math.round(r.nextDouble(0.05, 3) * 1000) / 1000.0;
      default -> 0.25;
    };
  }

  /** A non-negative literal: mostly a double literal, sometimes an int one (which Java types as int). */
  Ex literal() {
    double v = literalValue();
    return switch (r.nextInt(6)) {
      case 0 -> v == Math.rint(v) ? new ILit((int) v) : lit(v);
      case 1 -> new DLit(v, v + "e0");
      default -> lit(v);
    };
  }
}
