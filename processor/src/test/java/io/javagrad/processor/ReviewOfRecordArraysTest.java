package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * An adversarial review of records with {@code double[]} components (commit 8912585): aliasing
 * between records and locals, records sharing arrays, records stepped in loops while older arrays
 * are still read, records through helpers, library calls on components, compact constructors
 * that replace or write the array, records of another class, and the errors for a parameter's
 * array given to a record. Each class below compiles on its own, so a refusal in one does not hide
 * the others.
 */
class ReviewOfRecordArraysTest {
  private static final Map<String, Compiled> COMPILED = new HashMap<>();

  private static Compiled compiled(String name, String... namesAndSources) {
    return COMPILED.computeIfAbsent(name, n -> Compiled.compile(namesAndSources).assertCleanSuccess());
  }

  private static double[] agree(String name, String source, String method, Object... args) {
    return new GradientAgreement(compiled(name, name, source), name, method).check(args);
  }

  private static final String A = """
package p;

import io.javagrad.Differentiable;
import java.util.Arrays;

public class A {
  record Result(double[] x, double cost, int iterations) {
    double norm() {
      double s = 0;
      for (double v : x) s += v * v;
      return Math.sqrt(s);
    }
    void scale(double f) {
      for (int i = 0; i < x.length; i++) x[i] *= f;
    }
    Result scaled(double f) {
      double[] y = x.clone();
      for (int i = 0; i < y.length; i++) y[i] *= f;
      return new Result(y, cost * f, iterations + 1);
    }
  }

  // alias through a local, write, read via record
  @Differentiable
  public static double aliasLocal(double[] a) {
    Result r = new Result(a.clone(), 1, 0);
    double[] v = r.x();
    v[0] = v[1] * a[0];
    return r.x()[0] * 2 + v[0];
  }

  // two records sharing an array
  @Differentiable
  public static double twoShare(double[] a) {
    double[] buf = a.clone();
    Result r = new Result(buf, 1, 0);
    Result s = new Result(buf, 2, 0);
    r.x()[0] = a[0] * a[1];
    buf[1] = 3 * a[0];
    return s.x()[0] + s.x()[1] * r.cost() + buf[0];
  }

  // record method writing into own component
  @Differentiable
  public static double methodWrites(double[] a, double f) {
    Result r = new Result(a.clone(), f, 0);
    r.scale(f);
    r.scale(r.cost());
    return r.x()[0] + r.x()[1];
  }

  // s = s.scaled in a loop where old array still referenced
  @Differentiable
  public static double oldArrayKept(double[] a, double f) {
    Result s = new Result(a.clone(), 1, 0);
    double[] first = s.x();
    for (int k = 0; k < 3; k++) {
      s = s.scaled(f);
    }
    first[0] += 1;
    return first[0] * s.x()[0] + s.cost();
  }

  // old record kept
  @Differentiable
  public static double oldRecordKept(double[] a, double f) {
    Result s = new Result(a.clone(), 1, 0);
    Result prev = s;
    for (int k = 0; k < 3; k++) {
      prev = s;
      s = s.scaled(f);
    }
    return prev.x()[0] * s.x()[1] + prev.cost();
  }

  static double dot(double[] u, double[] w) {
    double s = 0;
    for (int i = 0; i < u.length; i++) s += u[i] * w[i];
    return s;
  }

  @Differentiable
  public static double dotOfComponent(double[] a, double[] w) {
    Result r = new Result(a.clone(), 0, 0);
    r.scale(2);
    return dot(r.x(), w) + dot(r.x(), r.x());
  }

  @Differentiable
  public static double cloneComponent(double[] a) {
    Result r = new Result(a.clone(), 0, 0);
    double[] c = r.x().clone();
    c[0] = 7;
    r.x()[1] = a[0] * a[0];
    return c[1] + r.x()[0] + c[0] * r.x()[1];
  }

  @Differentiable
  public static double fillComponent(double[] a) {
    Result r = new Result(a.clone(), 0, 0);
    double before = r.x()[0] * r.x()[1];
    Arrays.fill(r.x(), 0.5);
    return before + r.x()[0] * a[1];
  }

  @Differentiable
  public static double arraycopyInto(double[] a, double[] b) {
    Result r = new Result(new double[a.length], 0, 0);
    System.arraycopy(a, 0, r.x(), 0, a.length);
    double[] out = new double[a.length];
    System.arraycopy(r.x(), 0, out, 0, a.length);
    return out[0] * b[0] + r.x()[1] * b[1];
  }

  @Differentiable
  public static double forEachComponent(double[] a) {
    Result r = new Result(a.clone(), 0, 0);
    double s = 0;
    for (double v : r.x()) s += v * v * v;
    return s;
  }

  @Differentiable
  public static double copyOfComponent(double[] a, double w) {
    Result r = new Result(Arrays.copyOf(a, a.length + 1), w, 0);
    r.x()[a.length] = w * w;
    return r.norm() + r.x()[a.length];
  }
}
""";

  private static final String B = """
package p;

import io.javagrad.Differentiable;
import java.util.Arrays;

public class B {
  record Result(double[] x, double cost, int iterations) {
    Result withCost(double c) {
      return new Result(x, c, iterations);
    }
    double dist(Result o) {
      double s = 0;
      for (int i = 0; i < x.length; i++) s += (x[i] - o.x[i]) * (x[i] - o.x()[i]);
      return s;
    }
    double mix(double[] x) {
      return this.x[0] * x[0] + this.x()[1] * x[1];
    }
    double norm() {
      double s = 0;
      for (double v : x) s += v * v;
      return Math.sqrt(s);
    }
  }

  // ?: chooses one record; writing through the chosen one must be seen by the original
  @Differentiable
  public static double writeThroughChosen(double[] a, double w) {
    Result r = new Result(a.clone(), 1, 0);
    Result s = new Result(new double[] {w, w}, 2, 0);
    Result best = r.cost() < s.cost() ? r : s;
    best.x()[0] = w * w;
    return r.x()[0] + s.x()[0] + best.x()[1];
  }

  @Differentiable
  public static double withCostSharesArray(double[] a, double w) {
    Result r = new Result(a.clone(), 1, 0);
    Result s = r.withCost(w);
    s.x()[0] = w * a[1];
    return r.x()[0] + s.cost();
  }

  static Result bump(Result r, double d) {
    r.x()[0] += d;
    return r;
  }

  @Differentiable
  public static double helperReturnsItsArgument(double[] a, double w) {
    Result r = new Result(a.clone(), 1, 0);
    Result s = bump(r, w);
    s.x()[1] *= w;
    return r.x()[0] * r.x()[1] + s.x()[0];
  }

  @Differentiable
  public static double reassignedThenWritten(double[] a, double w) {
    Result r = new Result(a.clone(), 1, 0);
    Result s = new Result(new double[] {w, 2 * w}, 1, 0);
    r = s;
    r.x()[0] = a[0] * a[1];
    return s.x()[0] + r.x()[1];
  }

  @Differentiable
  public static double callerLocalNamedLikeComponent(double[] a, double w) {
    double[] x = {w, 2 * w, 3 * w};
    Result r = new Result(a.clone(), 1, 0);
    return r.norm() + x[0] + r.mix(x);
  }

  @Differentiable
  public static double distToOther(double[] a, double[] b) {
    Result r = new Result(a.clone(), 1, 0);
    Result s = new Result(b.clone(), 1, 0);
    return r.dist(s) + r.dist(r) + s.mix(r.x());
  }

  static Result wrap(double[] x, double c) {
    return new Result(x, c, 0);
  }

  @Differentiable
  public static double localGivenThenWritten(double[] a, double w) {
    double[] buf = a.clone();
    Result r = wrap(buf, w);
    buf[0] = w * w;
    return r.x()[0] + r.cost() * buf[1];
  }

  @Differentiable
  public static double sameArrayReference(double[] a, double w) {
    double[] buf = a.clone();
    Result r = new Result(buf, w, 0);
    Result s = new Result(buf, w, 0);
    double extra = 1;
    return r.x()[0] * w + extra * a[1];
  }
}
""";

  private static final String C = """
package p;

import io.javagrad.Differentiable;
import java.util.Arrays;

public class C {
  record Copied(double[] x, double s) {
    Copied {
      x = x.clone();
    }
  }

  record Zeroing(double[] x) {
    Zeroing {
      x[0] = 0;
    }
  }

  record Padded(double[] x, int n) {
    Padded {
      if (x.length < n) x = Arrays.copyOf(x, n);
    }
  }

  @Differentiable
  public static double compactClones(double[] a, double w) {
    double[] buf = a.clone();
    Copied c = new Copied(buf, w);
    buf[0] = 100 * w;
    c.x()[1] = w;
    return c.x()[0] + buf[1] + c.x()[1] * a[0];
  }

  @Differentiable
  public static double compactClonesParameter(double[] a, double w) {
    Copied c = new Copied(a, w);
    c.x()[0] = w * a[1];
    return c.x()[0] + a[0];
  }

  @Differentiable
  public static double compactWritesCallersArray(double[] a) {
    double[] buf = a.clone();
    Zeroing z = new Zeroing(buf);
    return buf[0] + z.x()[1] * a[0];
  }

  @Differentiable
  public static double compactPads(double[] a, double w) {
    Padded p = new Padded(a.clone(), 4);
    p.x()[3] = w;
    double s = 0;
    for (double v : p.x()) s += v * v;
    return s + p.x().length;
  }
}
""";

  private static final String D = """
package p;

import io.javagrad.Differentiable;

public class D {
  record Result(double[] x, double cost, int iterations) {}

  static Result solve(double[] a, double rate, double tol) {
    double[] x = a.clone();
    if (x.length == 0) {
      return new Result(new double[0], 0, 0);
    }
    double cost = 0;
    for (int k = 0; k < 50; k++) {
      cost = 0;
      for (int i = 0; i < x.length; i++) cost += (x[i] - 1) * (x[i] - 1);
      if (cost < tol) {
        return new Result(x, cost, k);
      }
      for (int i = 0; i < x.length; i++) x[i] -= rate * 2 * (x[i] - 1);
    }
    return new Result(x, cost, 50);
  }

  @Differentiable
  public static double earlyReturns(double[] a, double rate) {
    Result r = solve(a, rate, 1e-3);
    return r.cost() + r.x()[0] * r.iterations();
  }

  static Result pick(Result r, Result s, boolean first) {
    if (first) return r;
    return s;
  }

  @Differentiable
  public static double pickedAndWritten(double[] a, double w) {
    Result r = new Result(a.clone(), 1, 0);
    Result s = new Result(new double[] {w, w}, 2, 0);
    Result t = pick(r, s, a[0] > 0);
    t.x()[0] = 5 * w;
    return r.x()[0] + s.x()[0];
  }

  record Maybe(double[] x) {}

  @Differentiable
  public static double declaredThenAssigned(double[] a, double w) {
    Maybe m;
    if (w > 0) {
      m = new Maybe(a.clone());
    } else {
      m = new Maybe(new double[] {w, w, w});
    }
    m.x()[0] *= w;
    return m.x()[0] + m.x().length;
  }

  record Grow(double[] y, double t) {
    Grow next(double h) {
      double[] z = new double[y.length + 1];
      for (int i = 0; i < y.length; i++) z[i] = y[i] * (1 + h);
      z[y.length] = t;
      return new Grow(z, t + h);
    }
  }

  @Differentiable
  public static double growing(double[] a, double h) {
    Grow g = new Grow(a.clone(), 0);
    for (int k = 0; k < 3; k++) g = g.next(h);
    double s = 0;
    for (double v : g.y()) s += v;
    return s * g.t() + g.y().length;
  }
}
""";

  private static final String E = """
package p;

import io.javagrad.Differentiable;
import java.util.Arrays;
import java.util.Objects;

public class E {
  record State(double[] q, double[] p) {
    State stepInPlace(double dt, double k) {
      for (int i = 0; i < q.length; i++) {
        p[i] -= dt * k * q[i];
        q[i] += dt * p[i];
      }
      return this;
    }
    State swap() {
      return new State(p, q);
    }
    State kick(double dt) {
      double[] p2 = p.clone();
      for (int i = 0; i < p2.length; i++) p2[i] -= dt * Math.sin(q[i]);
      return new State(q, p2);
    }
    State drift(double dt) {
      for (int i = 0; i < q.length; i++) q[i] += dt * p[i];
      return new State(q, p);
    }
    double[] positions() {
      return q;
    }
  }

  @Differentiable
  public static double stepReturningThis(double[] q0, double[] p0, double k) {
    State s = new State(q0.clone(), p0.clone());
    for (int n = 0; n < 4; n++) {
      s = s.stepInPlace(0.1, k);
    }
    return s.q()[0] * s.p()[1] + s.q()[1];
  }

  @Differentiable
  public static double swappedInALoop(double[] q0, double[] p0, double w) {
    State s = new State(q0.clone(), p0.clone());
    for (int n = 0; n < 3; n++) {
      s = s.swap();
      s.q()[0] *= w;
    }
    return s.q()[0] + 2 * s.p()[0] + s.q()[1] * s.p()[1];
  }

  @Differentiable
  public static double kickDriftSharingArrays(double[] q0, double[] p0, double dt) {
    State s = new State(q0.clone(), p0.clone());
    State first = s;
    for (int n = 0; n < 3; n++) {
      s = s.kick(dt).drift(dt);
    }
    return s.q()[0] * s.p()[1] + first.q()[1] + first.p()[0];
  }

  @Differentiable
  public static double accessorMethodReturnsComponent(double[] q0, double w) {
    State s = new State(q0.clone(), new double[q0.length]);
    return s.q()[0] * w;
  }

  @Differentiable
  public static double recordDeclaredInLoopBody(double[] a, double w) {
    double total = 0;
    for (int n = 0; n < 3; n++) {
      State s = new State(new double[] {a[0] * n, w}, a.clone());
      s.q()[1] *= s.p()[n % a.length];
      total += s.q()[0] * s.q()[1];
    }
    return total;
  }

  @Differentiable
  public static double generatedNamesClash(double[] a, double w) {
    double[] s_q = {w, w * w};
    double s_p = 3;
    State s = new State(a.clone(), new double[] {w, 1});
    s.q()[0] += s_q[1];
    return s.q()[0] * s_p + s.p()[0] * s_q[0];
  }

  record Checked(double[] x, double c) {
    Checked {
      Objects.requireNonNull(x);
      if (x == null) {
        throw new NullPointerException("x");
      }
      for (double v : x) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("not finite: " + Arrays.toString(x));
      }
    }
  }

  @Differentiable
  public static double requireNonNullInCompact(double[] a, double w) {
    Checked c = new Checked(a.clone(), w);
    return c.x()[0] * c.c();
  }

  record R2(double[] x, double c) {
    R2(int n) {
      this(new double[n], 0);
    }
    static R2 ones(int n, double c) {
      double[] x = new double[n];
      Arrays.fill(x, 1);
      return new R2(x, c);
    }
  }

  @Differentiable
  public static double otherConstructorAndFactory(double[] a, double w) {
    R2 z = new R2(a.length);
    R2 o = R2.ones(a.length, w);
    for (int i = 0; i < a.length; i++) z.x()[i] = a[i] * o.x()[i] * o.c();
    return z.x()[0] + z.x()[1] * z.c();
  }
}
""";

  private static final String G = """
package p;

import io.javagrad.Differentiable;
import java.util.Arrays;

public class G {
  @Differentiable
  public static double otherClassSolver(double[] a, double x0) {
    Solvers.Result r = Solvers.newton(a, x0, 5);
    Solvers.Result s = Solvers.shifted(r, x0);
    return r.cost() + s.x()[1] * s.gradientNorm() + r.iterations();
  }

  @Differentiable
  public static double otherClassConstant(double w) {
    Solvers.Result o = Solvers.ORIGIN;
    double s = 0;
    for (int i = 0; i < o.x().length; i++) s += o.x()[i] * w * w;
    Solvers.Result t = Solvers.shifted(Solvers.ORIGIN, w);
    return s + Solvers.ORIGIN.x()[0] * w + t.x()[1];
  }

  record R(double[] x, double c) {}

  @Differentiable
  public static double aRecordInAThrowMessage(double[] a, double w) {
    R r = new R(a.clone(), w);
    r.x()[0] *= w;
    if (!(r.x()[0] < 100)) {
      throw new IllegalStateException("bad " + r + " at " + Arrays.toString(r.x()) + " " + r.x().length);
    }
    return r.x()[0];
  }

  @Differentiable
  public static double equalsOnRecordsWithoutDerivatives(double w) {
    double[] shared = {1, 2};
    R r = new R(shared, 1);
    R s = new R(shared, 1);
    R t = new R(shared.clone(), 1);
    double k = (r.equals(s) ? 1 : 0) + (r.equals(t) ? 10 : 0);
    return k * w;
  }

  @Differentiable
  public static double hashOfRecordsWithoutDerivatives(double w) {
    double[] shared = {1, 2};
    R r = new R(shared, 1);
    R s = new R(shared, 1);
    return (r.hashCode() == s.hashCode() ? 1 : 2) * w;
  }
}
""";

  private static final String H = """
package p;

import io.javagrad.Differentiable;

public class H {
  record P(double a, double b) {
    P scaled(double w) { return new P(a * w, b); }
  }
  record R(double[] x, double c) {
    R plus(double d) {
      double[] y = x.clone();
      y[0] += d;
      return new R(y, c);
    }
    double first() { return x[0]; }
  }
  static R shift(R r, double d) {
    return r.plus(d);
  }
  static P shiftP(P r, double d) {
    return r.scaled(d);
  }

  @Differentiable
  public static double scalarChain(double w) {
    P p = new P(w, 1);
    return p.scaled(w).a() + shiftP(p, w).a();
  }

  @Differentiable
  public static double arrayChainMethod(double[] a, double w) {
    R r = new R(a.clone(), 1);
    return r.plus(w).first() + shift(r, w).first();
  }

  @Differentiable
  public static double arrayChainCost(double[] a, double w) {
    R r = new R(a.clone(), w);
    return r.plus(w).c() + shift(r, w).c();
  }
}
""";

  private static final String I = """
package p;

import io.javagrad.Differentiable;
import java.util.Arrays;

public class I {
  record Layer(double[] h, double w) {
    Layer relax() {
      for (int i = 0; i < h.length; i++) h[i] = Math.tanh(h[i] * w + 0.1 * i);
      return this;
    }
    static double energy(Layer l) {
      double e = 0;
      for (double v : l.h) e += v * v;
      return e;
    }
  }

  @Differentiable
  public static double nonlinearInPlaceLoop(double[] a, double w) {
    Layer l = new Layer(a.clone(), w);
    for (int k = 0; k < 4; k++) l = l.relax();
    return Layer.energy(l) + l.h()[0];
  }

  record Result(double[] x, double cost, int iterations, boolean converged) {}

  static double cost(double[] x, double w) {
    double s = 0;
    for (double v : x) s += (v - w) * (v - w) + Math.sin(v);
    return s;
  }

  @Differentiable
  public static double bestSoFar(double[] a, double w) {
    Result best = new Result(a.clone(), cost(a, w), 0, false);
    double[] buf = new double[a.length];
    for (int k = 1; k < 5; k++) {
      for (int i = 0; i < a.length; i++) buf[i] = a[i] * (1 - 0.2 * k) + w * 0.1 * k;
      Result cand = new Result(buf.clone(), cost(buf, w), k, k > 3);
      if (cand.cost() < best.cost()) {
        best = cand;
      }
    }
    return best.cost() + best.x()[best.iterations() % best.x().length] + (best.converged() ? w : 0);
  }

  @Differentiable
  public static double bestSoFarSharingBuffer(double[] a, double w) {
    Result best = new Result(a.clone(), cost(a, w), 0, false);
    double[] buf = new double[a.length];
    for (int k = 1; k < 5; k++) {
      for (int i = 0; i < a.length; i++) buf[i] = a[i] * (1 - 0.2 * k) + w * 0.1 * k;
      Result cand = new Result(buf, cost(buf, w), k, false);
      if (cand.cost() < best.cost()) {
        best = cand;
      }
    }
    return best.cost() + best.x()[0] * best.x()[1];
  }

  @Differentiable
  public static double whileWithBreak(double[] a, double w) {
    Result r = new Result(a.clone(), 10, 0, false);
    int k = 0;
    while (true) {
      double[] y = r.x().clone();
      for (int i = 0; i < y.length; i++) y[i] = 0.5 * y[i] + w;
      r = new Result(y, cost(y, w), k, false);
      if (++k >= 3 || r.cost() < 1e-9) break;
    }
    do {
      r.x()[0] += w;
    } while (r.x()[0] < 0 && ++k < 10);
    return r.cost() + r.x()[0];
  }

  @Differentiable
  public static double rowsOfAMatrix(double[] a, double w) {
    Result r = new Result(a.clone(), 1, 0, false);
    Result s = new Result(new double[] {w, 2 * w}, 1, 0, false);
    double[][] m = {r.x(), s.x()};
    m[0][0] = w * w;
    m[1][1] += a[0];
    return r.x()[0] + s.x()[1] * m[0][1];
  }

  static void scaleAll(double[] v, double f) {
    for (int i = 0; i < v.length; i++) v[i] *= f;
  }

  static void twice(Result r, double f) {
    scaleAll(r.x(), f);
    inner(r.x(), f);
  }

  static void inner(double[] v, double f) {
    scaleAll(v, f);
  }

  @Differentiable
  public static double nestedHelpersWriting(double[] a, double w) {
    Result r = new Result(a.clone(), 1, 0, false);
    twice(r, w);
    return r.x()[0] + r.x()[1] * a[0];
  }

  @Differentiable
  public static double chosenInlineNew(double[] a, double w) {
    Result r = w > 0 ? new Result(a.clone(), w, 0, false) : new Result(new double[] {w, w}, 0, 1, true);
    r.x()[1] *= w;
    return r.x()[0] * r.x()[1] + r.cost();
  }
}
""";

  private static final String J = """
package p;

import io.javagrad.Differentiable;

public class J {
  record R(double[] x, double c) {
    double x(int i) {
      return x[i] * c;
    }
    double viaHelper() {
      return energyOf(this);
    }
    double writeThroughAlias(double f) {
      double[] y = x;
      y[0] *= f;
      return y[0];
    }
    double firstNegative() {
      for (int i = 0; i < x.length; i++) {
        if (x[i] < 0) return x[i];
      }
      return c;
    }
  }

  static double energyOf(R r) {
    double e = 0;
    for (double v : r.x()) e += v * v;
    return e * r.c();
  }

  @Differentiable
  public static double accessorOverload(double[] a, double w) {
    R r = new R(a.clone(), w);
    return r.x(1) + r.x()[0];
  }

  @Differentiable
  public static double thisGivenToAHelper(double[] a, double w) {
    R r = new R(a.clone(), w);
    return r.viaHelper();
  }

  @Differentiable
  public static double methodWritesThroughAnAlias(double[] a, double w) {
    R r = new R(a.clone(), w);
    double y = r.writeThroughAlias(w);
    return y + r.x()[0] * a[1];
  }

  @Differentiable
  public static double methodReturnsEarly(double[] a, double w) {
    R r = new R(a.clone(), w);
    return r.firstNegative() * w;
  }

  record Named(double[] a, double w) {
    double sum() {
      double s = 0;
      for (int i = 0; i < a.length; i++) s += a[i] * w;
      return s;
    }
  }

  @Differentiable
  public static double componentsNamedLikeTheCallersParameters(double[] a, double w) {
    Named n = new Named(new double[] {w, 2 * w, w * w}, a[0]);
    return n.sum() + a[1] * w + n.a()[2];
  }

}
""";

  private static final String L = """
package p;

import io.javagrad.Differentiable;

public class L {
  record State(double[] q, double[] p) {
    State next(double h) {
      double[] q2 = new double[q.length];
      for (int i = 0; i < q.length; i++) q2[i] = q[i] + h * Math.cos(p[i]);
      return new State(q2, p);
    }
  }

  record R(double[] x, double c) {
    R(double[] x) {
      this(x.clone(), 0);
    }
    double first() {
      double[] c = this.x().clone();
      return c[0];
    }
  }

  @Differentiable
  public static double parameterStateSteppedInALoop(double[] a, double[] b, double h) {
    State s = new State(a, b);
    for (int k = 0; k < 3; k++) s = s.next(h);
    return s.q()[0] * s.q()[1] + s.p()[0];
  }

  @Differentiable
  public static double oneArrayInBothComponents(double[] a, double w) {
    double[] b = a.clone();
    State s = new State(b, b);
    s.q()[0] = w * w;
    return s.p()[0] + s.q()[1] * w;
  }

  @Differentiable
  public static double parameterInBothComponentsRead(double[] a, double w) {
    State s = new State(a, a);
    return s.p()[0] * s.q()[1] * w;
  }

  @Differentiable
  public static double conditionalOfComponentsWritten(double[] a, double w) {
    State s = new State(a.clone(), new double[] {w, w});
    double[] v = w > 0 ? s.q() : s.p();
    v[0] = 3 * w;
    return s.q()[0] + s.p()[0];
  }

  @Differentiable
  public static double fieldsReadDirectly(double[] a, double w) {
    R r = new R(a.clone(), w);
    r.x[0] = w * r.x[1];
    return r.x[0] + r.x.length * r.c + r.first();
  }

  @Differentiable
  public static double delegatingConstructorClones(double[] a, double w) {
    double[] buf = a.clone();
    R r = new R(buf);
    buf[0] = w;
    return r.x()[0] + buf[0] * r.x()[1];
  }

  static R madeAndWritten(double[] p, double w) {
    R r = new R(p, w);
    r.x()[0] = w;
    return r;
  }

  @Differentiable
  public static double helperWritesIntoTheRecordItMade(double[] a, double w) {
    double[] b = a.clone();
    R r = madeAndWritten(b, w);
    return b[0] * a[1] + r.x()[1];
  }

  @Differentiable
  public static double switchArmsSharingABuffer(double[] a, double w, int k) {
    double[] buf = a.clone();
    R r = switch (k) {
      case 0 -> new R(buf, w);
      case 1 -> new R(buf, 2 * w);
      default -> new R(new double[] {w, w}, 0);
    };
    buf[1] = w * w;
    return r.x()[1] + r.c();
  }
}
""";

  private static final String T = """
package p;

import io.javagrad.Differentiable;

public class T {
  record R(double[] x, double c) {}

  @Differentiable
  public static double mathOnComponents(double[] a, double w) {
    R r = new R(a.clone(), w);
    return Math.exp(r.x()[0]) + Math.abs(r.x()[1]) + Math.max(r.x()[0], r.c()) + Math.hypot(r.x()[0], r.x()[1]);
  }

  @Differentiable
  public static double isFiniteOnCost(double[] a, double w) {
    R r = new R(a.clone(), w);
    if (!Double.isFinite(r.c())) throw new IllegalArgumentException("c");
    return r.c() * r.x()[0];
  }

  @Differentiable
  public static double isNaNOnElementThroughLocal(double[] a, double w) {
    R r = new R(a.clone(), w);
    double[] v = r.x();
    if (Double.isNaN(v[0])) throw new IllegalArgumentException("nan");
    return r.c() * r.x()[0];
  }

  @Differentiable
  public static double signumOfElement(double[] a, double w) {
    R r = new R(a.clone(), w);
    return Math.signum(r.x()[0]) * w + Math.floor(r.x()[1]);
  }
}
""";

  private static final String W = """
package p;

import io.javagrad.Differentiable;

public class W {
  record R(double[] x, double c) {
    double bump(double d) {
      x[0] += d;
      return x[0] * c;
    }

    double improve(double rate) {
      double g = 0;
      for (int i = 0; i < x.length; i++) {
        double step = rate * 2 * (x[i] - c);
        x[i] -= step;
        g += Math.abs(step);
      }
      return g;
    }
  }

  static double bumpRecord(R r, double d) {
    r.x()[0] += d;
    return r.x()[0] * r.c();
  }

  @Differentiable
  public static double writingMethodInALoopCondition(double[] a, double w) {
    R r = new R(a.clone(), w);
    int n = 0;
    while (r.improve(0.3) > 1e-3 && n < 50) {
      n++;
    }
    return r.x()[0] + r.x()[1] + n * 0;
  }

  @Differentiable
  public static double writingMethodInAConditional(double[] a, double w) {
    R r = new R(a.clone(), w);
    double y = w > 0 ? r.bump(w) : r.x()[1];
    return y + r.x()[0];
  }

  @Differentiable
  public static double shortCircuitSkipsAWritingMethod(double[] a, double w) {
    R r = new R(a.clone(), w);
    if (w > 0 && r.bump(w) > 0) {
      return r.x()[0] * 2;
    }
    return r.x()[0];
  }

  @Differentiable
  public static double shortCircuitInALoopCondition(double[] a, double w) {
    R r = new R(a.clone(), w);
    int n = 0;
    while (n < 3 && r.bump(w) < 100) {
      n++;
    }
    return r.x()[0] + n;
  }

  @Differentiable
  public static double writingMethodThenRead(double[] a, double w) {
    R r = new R(a.clone(), w);
    return r.bump(w) + bumpRecord(r, w) * r.x()[0] + r.x()[0];
  }

}
""";

  private static final String X = """
package p;

import io.javagrad.Differentiable;

public class X {
  record R(double[] x, double c) {
    double bump(double d) {
      x[0] += d;
      return x[0] * c;
    }
  }

  static double pair(double u, double v) {
    return u * 3 + v;
  }

  @Differentiable
  public static double elseIfWithAWritingMethod(double[] a, double w) {
    R r = new R(a.clone(), w);
    double y;
    if (w > 0) {
      y = r.x()[0];
    } else if (r.bump(w) > -10) {
      y = 2 * r.x()[0];
    } else {
      y = r.x()[0];
    }
    return y + r.x()[0];
  }

  @Differentiable
  public static double forUpdateWithAWritingMethod(double[] a, double w) {
    R r = new R(a.clone(), w);
    double s = 0;
    for (int i = 0; i < 3; i++, r.bump(w)) {
      s += r.x()[0] * (i + 1);
    }
    return s;
  }

  @Differentiable
  public static double switchArmsWithAWritingMethod(double[] a, double w, int k) {
    R r = new R(a.clone(), w);
    double y = switch (k) {
      case 0 -> r.x()[0];
      default -> r.bump(w);
    };
    return y + r.x()[0];
  }

  @Differentiable
  public static double doWhileWithAWritingMethod(double[] a, double w) {
    R r = new R(a.clone(), w);
    int n = 0;
    do {
      n++;
    } while (r.bump(w) < 2 && n < 5);
    return r.x()[0];
  }

}
""";

  private static final String Z = """
package p;

import io.javagrad.Differentiable;

public class Z {
  record Probabilities(double[] p) {
    Probabilities {
      p = p.clone();
      double s = 0;
      for (double v : p) s += v;
      for (int i = 0; i < p.length; i++) p[i] /= s;
    }
    double entropy() {
      double h = 0;
      for (double v : p) h -= v * Math.log(v);
      return h;
    }
  }

  @Differentiable
  public static double normalizedInTheCompactConstructor(double[] a, double w) {
    Probabilities q = new Probabilities(a);
    Probabilities r = new Probabilities(new double[] {w, w * w, 1});
    return q.entropy() * w + r.p()[1] + q.p()[0] * a[0];
  }
}
""";

  private static final String Z2 = """
package p;

import io.javagrad.Differentiable;

public class Z2 {
  record InPlace(double[] p) {
    InPlace {
      double s = 0;
      for (double v : p) s += v;
      for (int i = 0; i < p.length; i++) p[i] /= s;
    }
  }

  @Differentiable
  public static double compactNormalizesTheParameterInPlace(double[] a, double w) {
    InPlace q = new InPlace(a);
    return q.p()[0] * w + a[1];
  }
}
""";

  private static final String Z3 = """
package p;

import io.javagrad.Differentiable;

public class Z3 {
  record InPlace(double[] p) {
    InPlace {
      double s = 0;
      for (double v : p) s += v;
      for (int i = 0; i < p.length; i++) p[i] /= s;
    }
  }

  @Differentiable
  public static double compactNormalizesALocalInPlace(double[] a, double w) {
    double[] buf = a.clone();
    InPlace q = new InPlace(buf);
    return q.p()[0] * w + buf[1];
  }
}
""";

  private static final String Z5 = """
package p;

import io.javagrad.Differentiable;

public class Z5 {
  record R(double[] x, double c) {
    R {
      x[0] = c;
    }
  }

  @Differentiable
  public static double compactWritesTheParameterNotReadAfter(double[] a, double w) {
    R r = new R(a, w);
    return r.x()[0] * r.x()[1];
  }
}
""";

  private static final String Ode = """
package p;

import io.javagrad.Differentiable;

public class Ode {
  /** The state of an ODE integrator: the solution and the time. */
  record State(double[] y, double t) {
    State plus(double h, double[] dy) {
      double[] z = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        z[i] = y[i] + h * dy[i];
      }
      return new State(z, t + h);
    }
  }

  /** A damped pendulum with parameters k and c. */
  static double[] rhs(State s, double k, double c) {
    return new double[] {s.y()[1], -k * Math.sin(s.y()[0]) - c * s.y()[1] + 0.1 * Math.cos(s.t())};
  }

  static State rk4(State s, double h, double k, double c) {
    double[] k1 = rhs(s, k, c);
    double[] k2 = rhs(s.plus(h / 2, k1), k, c);
    double[] k3 = rhs(s.plus(h / 2, k2), k, c);
    double[] k4 = rhs(s.plus(h, k3), k, c);
    double[] dy = new double[k1.length];
    for (int i = 0; i < dy.length; i++) {
      dy[i] = (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
    }
    return s.plus(h, dy);
  }

  @Differentiable
  public static double pendulum(double[] y0, double k, double c) {
    State s = new State(y0.clone(), 0);
    double energy = 0;
    for (int n = 0; n < 20; n++) {
      s = rk4(s, 0.05, k, c);
      energy += 0.5 * s.y()[1] * s.y()[1] + k * (1 - Math.cos(s.y()[0]));
    }
    return energy / 20 + s.y()[0];
  }
}
""";

  private static final String X2 = """
package p;

import io.javagrad.Differentiable;

public class X2 {
  record R(double[] x, double c) {
    double bump(double d) {
      x[0] += d;
      return x[0] * c;
    }
  }

  @Differentiable
  public static double cloneBeforeAWritingMethodInAConstruction(double[] a, double w) {
    R r = new R(a.clone(), w);
    R s = new R(r.x().clone(), r.bump(w));
    return s.x()[0] * s.c() + r.x()[0];
  }
}
""";

  private static final String SOLVERS = """
package p;

import java.util.Arrays;

public final class Solvers {
  private Solvers() {}

  public record Result(double[] x, double cost, int iterations) {
    public Result {
      if (iterations < 0) throw new IllegalArgumentException("iterations " + iterations);
    }
    public double gradientNorm() {
      double s = 0;
      for (double v : x) s += v * v;
      return Math.sqrt(s);
    }
  }

  public static final Result ORIGIN = new Result(new double[] {0.5, -0.25}, 0, 0);

  public static Result newton(double[] a, double x0, int steps) {
    // roots of sum a_i x^i with several starting offsets
    double[] xs = new double[3];
    double cost = 0;
    for (int j = 0; j < xs.length; j++) {
      double x = x0 + j;
      for (int k = 0; k < steps; k++) {
        double f = 0, df = 0;
        for (int i = a.length - 1; i >= 0; i--) {
          df = df * x + f;
          f = f * x + a[i];
        }
        x -= f / df;
      }
      xs[j] = x;
      cost += x * x;
    }
    return new Result(xs, cost, steps);
  }

  public static Result shifted(Result r, double d) {
    double[] y = Arrays.copyOf(r.x(), r.x().length);
    for (int i = 0; i < y.length; i++) y[i] += d;
    return new Result(y, r.cost() + d * d, r.iterations());
  }
}
""";

  private static double[] agreeG(String method, Object... args) {
    return new GradientAgreement(compiled("p.G", "p.Solvers", SOLVERS, "p.G", G), "p.G", method).check(args);
  }

  @Test
  void aLocalHoldingTheComponentWritesWhatTheRecordReads() {
    agree("p.A", A, "aliasLocal", new double[] {0.7, -1.3});
  }

  @Test
  void twoRecordsSharingOneArraySeeEachOthersWrites() {
    agree("p.A", A, "twoShare", new double[] {0.7, -1.3});
  }

  @Test
  void aRecordMethodWritingItsOwnComponent() {
    agree("p.A", A, "methodWrites", new double[] {0.7, -1.3}, 1.6);
  }

  @Test
  void theFirstArrayKeptWhileTheRecordIsSteppedInALoop() {
    agree("p.A", A, "oldArrayKept", new double[] {0.7, -1.3}, 1.1);
  }

  @Test
  void thePreviousRecordKeptWhileSteppedInALoop() {
    agree("p.A", A, "oldRecordKept", new double[] {0.7, -1.3}, 1.1);
  }

  @Test
  void aComponentGivenToAHelperTwice() {
    agree("p.A", A, "dotOfComponent", new double[] {0.7, -1.3}, new double[] {0.2, 0.9});
  }

  @Test
  void aCloneOfAComponentIsItsOwnArray() {
    agree("p.A", A, "cloneComponent", new double[] {0.7, -1.3});
  }

  @Test
  void arraysFillOnAComponent() {
    agree("p.A", A, "fillComponent", new double[] {0.7, -1.3});
  }

  @Test
  void systemArraycopyIntoAndOutOfAComponent() {
    agree("p.A", A, "arraycopyInto", new double[] {0.7, -1.3}, new double[] {0.2, 0.9});
  }

  @Test
  void forEachOverAComponent() {
    agree("p.A", A, "forEachComponent", new double[] {0.7, -1.3});
  }

  @Test
  void aComponentFromArraysCopyOf() {
    agree("p.A", A, "copyOfComponent", new double[] {0.7, -1.3}, 0.4);
  }

  @Test
  void aWriteThroughARecordChosenByAConditionalReachesTheOriginal() {
    agree("p.B", B, "writeThroughChosen", new double[] {0.7, -1.3}, 1.4);
    agree("p.B", B, "writeThroughChosen", new double[] {0.7, -1.3}, -0.4);
  }

  @Test
  void aWitherSharesTheArrayWithTheOriginal() {
    agree("p.B", B, "withCostSharesArray", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aHelperReturningTheRecordItWasGiven() {
    agree("p.B", B, "helperReturnsItsArgument", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aRecordReassignedThenWritten() {
    agree("p.B", B, "reassignedThenWritten", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aCallersLocalNamedLikeTheComponentIsNotTheComponent() {
    agree("p.B", B, "callerLocalNamedLikeComponent", new double[] {0.7, -1.3, 0.2}, 1.4);
  }

  @Test
  void aMethodReadingAnotherRecordsFieldDirectly() {
    agree("p.B", B, "distToOther", new double[] {0.7, -1.3}, new double[] {0.2, 0.5});
  }

  @Test
  void aLocalArrayGivenToAHelperThatWrapsItThenWritten() {
    agree("p.B", B, "localGivenThenWritten", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void oneArrayInTwoRecordsAndALocal() {
    agree("p.B", B, "sameArrayReference", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aCompactConstructorCloningTheArray() {
    agree("p.C", C, "compactClones", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aCompactConstructorCloningAParametersArray() {
    agree("p.C", C, "compactClonesParameter", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aCompactConstructorWritingTheCallersArray() {
    agree("p.C", C, "compactWritesCallersArray", new double[] {0.7, -1.3});
  }

  @Test
  void aCompactConstructorReplacingTheArrayByALongerOne() {
    agree("p.C", C, "compactPads", new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aSolverReturningEarlyFromItsLoop() {
    agree("p.D", D, "earlyReturns", new double[] {0.7, -1.3}, 0.2);
    agree("p.D", D, "earlyReturns", new double[] {0.7, -1.3}, 0.45);
  }

  @Test
  void aHelperChoosingBetweenTwoRecordsThenWrittenThrough() {
    agree("p.D", D, "pickedAndWritten", new double[] {0.7, -1.3}, 1.4);
    agree("p.D", D, "pickedAndWritten", new double[] {-0.7, -1.3}, 1.4);
  }

  @Test
  void aRecordDeclaredThenAssignedInBranches() {
    agree("p.D", D, "declaredThenAssigned", new double[] {0.7, -1.3}, 1.4);
    agree("p.D", D, "declaredThenAssigned", new double[] {0.7, -1.3}, -1.4);
  }

  @Test
  void aStateWhoseArrayGrowsEachStep() {
    agree("p.D", D, "growing", new double[] {0.7, -1.3}, 0.3);
  }

  @Test
  void aStepWritingInPlaceAndReturningThis() {
    agree("p.E", E, "stepReturningThis", new double[] {0.3, -0.2}, new double[] {0.1, 0.4}, 1.7);
  }

  @Test
  void aStateSwappingItsArraysInALoop() {
    agree("p.E", E, "swappedInALoop", new double[] {0.3, -0.2}, new double[] {0.1, 0.4}, 1.7);
  }

  @Test
  void kickAndDriftSharingArraysWithTheFirstState() {
    agree("p.E", E, "kickDriftSharingArrays", new double[] {0.3, -0.2}, new double[] {0.1, 0.4}, 0.2);
  }

  @Test
  void aRecordReadWhileAnotherStateIsBuilt() {
    agree("p.E", E, "accessorMethodReturnsComponent", new double[] {0.3, -0.2}, 1.3);
  }

  @Test
  void aRecordDeclaredInALoopBody() {
    agree("p.E", E, "recordDeclaredInLoopBody", new double[] {0.3, -0.2}, 1.3);
  }

  @Test
  void callersLocalsNamedLikeGeneratedComponentLocals() {
    agree("p.E", E, "generatedNamesClash", new double[] {0.3, -0.2}, 1.3);
  }

  @Test
  void aCompactConstructorCheckingNullAndFiniteness() {
    agree("p.E", E, "requireNonNullInCompact", new double[] {0.3, -0.2}, 1.3);
  }

  @Test
  void anotherConstructorAndAStaticFactory() {
    agree("p.E", E, "otherConstructorAndFactory", new double[] {0.3, -0.2}, 1.3);
  }

  @Test
  void aSolverOfAnotherClassAndItsRecord() {
    agreeG("otherClassSolver", new double[] {-2, 0.5, 1}, 1.2);
  }

  @Test
  void anotherClassesRecordConstant() {
    agreeG("otherClassConstant", 0.7);
  }

  @Test
  void aRecordAndItsArrayInAThrowMessage() {
    agreeG("aRecordInAThrowMessage", new double[] {0.3, 0.4}, 0.7);
  }

  @Test
  void equalsComparesTheArraysByReference() {
    agreeG("equalsOnRecordsWithoutDerivatives", 0.7);
  }

  @Test
  void hashCodeOfRecordsSharingAnArray() {
    agreeG("hashOfRecordsWithoutDerivatives", 0.7);
  }

  @Test
  void aScalarRecordsMethodChained() {
    agree("p.H", H, "scalarChain", 1.3);
  }

  @Test
  void aMethodOfARecordReturnedByAMethod() {
    agree("p.H", H, "arrayChainMethod", new double[] {0.3, 0.4}, 1.3);
  }

  @Test
  void aNumberOfARecordReturnedByAMethod() {
    agree("p.H", H, "arrayChainCost", new double[] {0.3, 0.4}, 1.3);
  }

  @Test
  void aNonlinearInPlaceStepInALoop() {
    agree("p.I", I, "nonlinearInPlaceLoop", new double[] {0.3, -0.7, 0.2}, 1.3);
  }

  @Test
  void theBestRecordSoFar() {
    agree("p.I", I, "bestSoFar", new double[] {0.3, -0.7, 0.2}, 0.4);
    agree("p.I", I, "bestSoFar", new double[] {1.3, 1.7, 0.2}, -0.4);
  }

  @Test
  void theBestRecordSoFarSharingABufferWrittenLater() {
    agree("p.I", I, "bestSoFarSharingBuffer", new double[] {0.3, -0.7, 0.2}, 0.4);
    agree("p.I", I, "bestSoFarSharingBuffer", new double[] {1.3, 1.7, 0.2}, -0.4);
  }

  @Test
  void recordsInAWhileWithBreakAndADoWhile() {
    agree("p.I", I, "whileWithBreak", new double[] {0.3, -0.7}, 0.4);
    agree("p.I", I, "whileWithBreak", new double[] {0.3, -0.7}, -0.1);
  }

  @Test
  void componentsMadeRowsOfALocalMatrix() {
    agree("p.I", I, "rowsOfAMatrix", new double[] {0.3, -0.7}, 0.4);
  }

  @Test
  void nestedHelpersWritingIntoAComponent() {
    agree("p.I", I, "nestedHelpersWriting", new double[] {0.3, -0.7}, 0.4);
  }

  @Test
  void aConditionalBetweenTwoNewRecords() {
    agree("p.I", I, "chosenInlineNew", new double[] {0.3, -0.7}, 0.4);
    agree("p.I", I, "chosenInlineNew", new double[] {0.3, -0.7}, -0.4);
  }

  @Test
  void aMethodOverloadingTheAccessorsName() {
    agree("p.J", J, "accessorOverload", new double[] {0.3, -0.7, 0.5}, 1.4);
  }

  @Test
  void thisGivenToAStaticHelper() {
    agree("p.J", J, "thisGivenToAHelper", new double[] {0.3, -0.7, 0.5}, 1.4);
  }

  @Test
  void aMethodWritingThroughALocalAliasOfItsComponent() {
    agree("p.J", J, "methodWritesThroughAnAlias", new double[] {0.3, -0.7, 0.5}, 1.4);
  }

  @Test
  void aMethodReturningEarlyFromALoopOverItsComponent() {
    agree("p.J", J, "methodReturnsEarly", new double[] {0.3, -0.7, 0.5}, 1.4);
    agree("p.J", J, "methodReturnsEarly", new double[] {0.3, 0.7, 0.5}, 1.4);
  }

  @Test
  void componentsNamedLikeTheCallersParameters() {
    agree("p.J", J, "componentsNamedLikeTheCallersParameters", new double[] {0.3, -0.7, 0.5}, 1.4);
  }

  @Test
  void aStateOfParametersSteppedInALoop() {
    agree("p.L", L, "parameterStateSteppedInALoop", new double[] {0.3, -0.7}, new double[] {0.2, 0.9}, 0.4);
  }

  @Test
  void oneArrayInBothComponentsOfARecord() {
    agree("p.L", L, "oneArrayInBothComponents", new double[] {0.3, -0.7}, 0.4);
    agree("p.L", L, "oneArrayInBothComponents", new double[] {0.3, -0.7}, -0.4);
  }

  @Test
  void aParameterInBothComponentsRead() {
    agree("p.L", L, "parameterInBothComponentsRead", new double[] {0.3, -0.7}, 0.4);
  }

  @Test
  void aConditionalChoosingAComponentThenWritten() {
    agree("p.L", L, "conditionalOfComponentsWritten", new double[] {0.3, -0.7}, 0.4);
    agree("p.L", L, "conditionalOfComponentsWritten", new double[] {0.3, -0.7}, -0.4);
  }

  @Test
  void fieldsReadAndWrittenDirectlyByTheEnclosingClass() {
    agree("p.L", L, "fieldsReadDirectly", new double[] {0.3, -0.7}, 0.4);
  }

  @Test
  void aDelegatingConstructorCloningTheArray() {
    agree("p.L", L, "delegatingConstructorClones", new double[] {0.3, -0.7}, 0.4);
  }

  @Test
  void aHelperWritingThroughTheRecordItMadeOfALocal() {
    agree("p.L", L, "helperWritesIntoTheRecordItMade", new double[] {0.3, -0.7}, 0.4);
  }

  @Test
  void switchArmsSharingABufferWrittenAfterwards() {
    agree("p.L", L, "switchArmsSharingABuffer", new double[] {0.3, -0.7}, 0.4, 0);
    agree("p.L", L, "switchArmsSharingABuffer", new double[] {0.3, -0.7}, 0.4, 1);
    agree("p.L", L, "switchArmsSharingABuffer", new double[] {0.3, -0.7}, 0.4, 2);
  }

  @Test
  void mathFunctionsOfComponentElements() {
    agree("p.T", T, "mathOnComponents", new double[] {0.3, -0.45}, 0.2);
  }

  @Test
  void aLibraryPredicateOfANumberComponentInACheck() {
    agree("p.T", T, "isFiniteOnCost", new double[] {0.3, -0.45}, 0.2);
  }

  @Test
  void aLibraryPredicateOfAnElementThroughALocalAlias() {
    agree("p.T", T, "isNaNOnElementThroughLocal", new double[] {0.3, -0.45}, 0.2);
  }

  @Test
  void signumAndFloorOfComponentElements() {
    agree("p.T", T, "signumOfElement", new double[] {0.3, -0.45}, 0.2);
  }

  @Test
  void aRecordMethodWritingItsComponentInALoopCondition() {
    agree("p.W", W, "writingMethodInALoopCondition", new double[] {0.3, -0.45}, 0.7);
  }

  @Test
  void aRecordMethodWritingItsComponentInOneArmOfAConditional() {
    agree("p.W", W, "writingMethodInAConditional", new double[] {0.3, -0.45}, 0.7);
    agree("p.W", W, "writingMethodInAConditional", new double[] {0.3, -0.45}, -0.7);
  }

  @Test
  void aRecordMethodWritingItsComponentSkippedByShortCircuit() {
    agree("p.W", W, "shortCircuitSkipsAWritingMethod", new double[] {0.3, -0.45}, 0.7);
    agree("p.W", W, "shortCircuitSkipsAWritingMethod", new double[] {0.3, -0.45}, -0.7);
  }

  @Test
  void aRecordMethodWritingItsComponentAfterAndInALoopCondition() {
    agree("p.W", W, "shortCircuitInALoopCondition", new double[] {0.3, -0.45}, 0.7);
    agree("p.W", W, "shortCircuitInALoopCondition", new double[] {0.3, -0.45}, -0.7);
  }

  @Test
  void writingMethodsCalledBeforeTheReadsOfTheirWrites() {
    agree("p.W", W, "writingMethodThenRead", new double[] {0.3, -0.45}, 0.7);
  }

  @Test
  void aRecordMethodWritingItsComponentInAnElseIf() {
    agree("p.X", X, "elseIfWithAWritingMethod", new double[] {0.3, -0.45}, 0.7);
    agree("p.X", X, "elseIfWithAWritingMethod", new double[] {0.3, -0.45}, -0.7);
  }

  @Test
  void aRecordMethodWritingItsComponentInAForUpdate() {
    agree("p.X", X, "forUpdateWithAWritingMethod", new double[] {0.3, -0.45}, 0.7);
  }

  @Test
  void aRecordMethodWritingItsComponentInADoWhileCondition() {
    agree("p.X", X, "doWhileWithAWritingMethod", new double[] {0.3, -0.45}, 0.7);
    agree("p.X", X, "doWhileWithAWritingMethod", new double[] {0.3, -0.45}, -0.7);
  }

  @Test
  void aRecordMethodWritingItsComponentInASwitchArm() {
    agree("p.X", X, "switchArmsWithAWritingMethod", new double[] {0.3, -0.45}, 0.7, 0);
    agree("p.X", X, "switchArmsWithAWritingMethod", new double[] {0.3, -0.45}, 0.7, 1);
  }

  @Test
  void aCompactConstructorCloningAndNormalizing() {
    agree("p.Z", Z, "normalizedInTheCompactConstructor", new double[] {0.3, 0.45, 0.1}, 0.7);
  }

  @Test
  void aCompactConstructorNormalizingALocalsArrayInPlace() {
    agree("p.Z3", Z3, "compactNormalizesALocalInPlace", new double[] {0.3, 0.45, 0.1}, 0.7);
  }

  // Java reads r.x()[0] before a call that writes it; the call's inlined statements would run first,
  // so each such order is an error (these were wrong values when the review was written).

  @Test
  void elementsReadBeforeACallWritingThemInOneExpressionAreErrors() {
    String bump = """
        static double bumpRecord(R r, double d) {
          r.x()[0] += d;
          return r.x()[0] * r.c();
        }

        static double pair(double u, double v) {
          return u * 3 + v;
        }
        """;
    String[][] forms = {
        {"double y = r.x()[0] * bumpRecord(r, w);", "bumpRecord(r, w)"},
        {"double y = r.x()[0] + bumpRecord(r, w) + r.x()[0];", "bumpRecord(r, w)"},
        {"double y = bumpRecord(r, w) + r.x()[0] * bumpRecord(r, w) + r.x()[0];", "bumpRecord(r, w)"},
        {"r.x()[0] += bumpRecord(r, w);\ndouble y = r.x()[0];", "bumpRecord(r, w)"},
        {"double y = 0;\nif (r.x()[0] < bumpRecord(r, w) - 0.5) {\n  y = 1;\n}", "bumpRecord(r, w)"},
        {"double y = pair(r.x()[0], bumpRecord(r, w));", "bumpRecord(r, w)"},
        {"int n = 0;\nwhile (r.x()[0] < bumpRecord(r, w) && n < 4) {\n  n++;\n}\ndouble y = n;", "bumpRecord(r, w)"},
    };
    for (String[] form : forms) {
      String body = "R r = new R(a.clone(), w);\n" + form[0] + "\nreturn y;";
      Compilation compilation = failing(bump, body);
      assertThat(compilation).hadErrorContaining(form[1] + " writes into an array, and Java reads elements of arrays"
          + " before the call in this expression; make the call a statement of its own, or read the elements into"
          + " locals before it");
    }
  }

  @Test
  void aRecordMethodWritingItsComponentAfterAnElementIsReadIsAnError() {
    String members = """
        record B(double[] x, double c) {
          double bump(double d) {
            x[0] += d;
            return x[0] * c;
          }
        }
        """;
    assertThat(failing(members, "B b = new B(a.clone(), w);\nreturn b.x()[0] * b.bump(w);"))
        .hadErrorContaining("b.bump(w) writes into an array, and Java reads elements of arrays before");
  }

  @Test
  void aCompactConstructorWritingAParametersArrayIsAnError() {
    String members = """
        record InPlace(double[] p) {
          InPlace {
            double s = 0;
            for (double v : p) s += v;
            for (int i = 0; i < p.length; i++) p[i] /= s;
          }
        }

        record First(double[] x, double c) {
          First {
            x[0] = c;
          }
        }
        """;
    assertThat(failing(members, "InPlace q = new InPlace(a);\nreturn q.p()[0] * w + a[1];"))
        .hadErrorContaining("p may hold the parameter array a, given to InPlace's component p; javagrad gives it a copy");
    assertThat(failing(members, "First r = new First(a, w);\nreturn r.x()[0] * r.x()[1];"))
        .hadErrorContaining("x may hold the parameter array a, given to First's component x; javagrad gives it a copy");
  }

  @Test
  void anRk4IntegratorOfAStateRecord() {
    agree("p.Ode", Ode, "pendulum", new double[] {0.5, -0.2}, 2.0, 0.3);
  }

  @Test
  void aComponentClonedBeforeARecordMethodWritesItInOneConstruction() {
    agree("p.X2", X2, "cloneBeforeAWritingMethodInAConstruction", new double[] {0.3, -0.45}, 0.7);
  }


  // ---------------------------------------------------------------------------------------------
  // A parameter's array given to a record: each way the copy could miss a write is an error.

  @Test
  void aParameterWrittenThroughAnAliasAfterItIsGivenIsAnError() {
    assertError("""
        double[] b = a;
        R r = new R(b, w);
        b[0] = w * w;
        return r.x()[0] + a[0];
        """, "b[0] = w * w;", "the parameter array a is both written in this method and given to R's component x");
  }

  @Test
  void aParameterGivenToAHelperThatWrapsItThenWrittenIsAnError() {
    assertError("""
        R r = wrap(a);
        a[1] = w;
        return r.x()[1] * w;
        """, "a[1] = w;", "the parameter array a is both written in this method and given to R's component x");
  }

  @Test
  void aParameterGivenToARecordMethodThenWrittenIsAnError() {
    assertError("""
        R r = new R(new double[] {1, 2}, w);
        R s = r.with(a);
        a[1] = w;
        return s.x()[1] * w;
        """, "a[1] = w;", "the parameter array a is both written in this method and given to R's component x");
  }

  @Test
  void aLocalAliasOfAParametersComponentWrittenIsAnError() {
    assertError("""
        R r = new R(a, w);
        double[] v = r.x();
        v[0] = w;
        return a[0] * r.x()[0];
        """, "v[0] = w;", "v may hold the parameter array a, given to R's component x; javagrad gives it a copy");
  }

  @Test
  void aRecordMethodWritingAParametersComponentIsAnError() {
    assertError("""
        R r = new R(a, w);
        r.scale(w);
        return a[0] + r.x()[0];
        """, "r.scale(w);", "R.scale is inlined here, and its body cannot be differentiated");
  }

  @Test
  void arraysFillOnAParametersComponentIsAnError() {
    assertError("""
        R r = new R(a, w);
        Arrays.fill(r.x(), w);
        return a[0] + r.x()[1];
        """, "Arrays.fill(r.x(), w);", "r.x() may hold the parameter array a, given to R's component x");
  }

  @Test
  void systemArraycopyIntoAParametersComponentIsAnError() {
    // an error, though not the one that says why (the copy); it names the call
    assertError("""
        R r = new R(a, w);
        System.arraycopy(new double[] {w, w}, 0, r.x(), 0, 2);
        return a[0] + r.x()[1];
        """, "System.arraycopy(new double[] {w, w}, 0, r.x(), 0, 2);", "System.arraycopy");
  }

  @Test
  void aHelperWritingAParametersComponentIsAnError() {
    assertError("""
        R r = new R(a, w);
        zero(r.x());
        return a[0] * w + r.x()[0];
        """, "zero(r.x());", "E.zero is inlined here, and its body cannot be differentiated");
  }

  @Test
  void aParameterChosenIntoARecordThenWrittenIsAnError() {
    assertError("""
        R r = new R(w > 0 ? a : new double[] {w, w}, w);
        a[0] = w;
        return r.x()[0] * w;
        """, "a[0] = w;", "the parameter array a is both written in this method");
  }

  @Test
  void arraysFillOnAParameterGivenToARecordIsAnError() {
    assertError("""
        R r = new R(a, w);
        Arrays.fill(a, w);
        return r.x()[0];
        """, "Arrays.fill(a, w);", "the parameter array a is both written in this method and given to R's component x");
  }

  @Test
  void aParameterInBothComponentsOfOneRecordWrittenIsAnError() {
    Compilation compilation = failing("record S(double[] q, double[] p) {}", """
        S s = new S(a, a);
        s.q()[0] = w;
        return s.p()[0];
        """);
    assertThat(compilation).hadErrorContaining("s.q() may hold the parameter array a");
  }

  @Test
  void aHelperWritingThroughARecordItMadeOfAParameterIsAnError() {
    Compilation compilation = failing("""
        static R make(double[] p, double w) {
          R r = new R(p, w);
          r.x()[0] = w;
          return r;
        }
        """, """
        R r = make(a, w);
        return r.x()[1] * a[0];
        """);
    assertThat(compilation).hadErrorContaining("E.make is inlined here, and its body cannot be differentiated");
    assertThat(compilation).hadErrorContaining("r.x() may hold the parameter array a, given to R's component x");
  }

  @Test
  void nullGivenThroughAHelperIsAnError() {
    assertError("""
        R r = wrap(null);
        return r.c() * w;
        """, "R r = wrap(null);", "null is not supported here");
  }

  @Test
  void aRecordWithAMatrixComponent() {
    // An object, and an error here, when this review was written; double[][] components are followed since.
    agreeBody("p.Grid1", "record Grid(double[][] v, double h) {}", """
        Grid g = new Grid(new double[][] {a.clone(), {w}}, w);
        return g.v()[0][0] * g.h() + g.v()[1][0];
        """, new double[] {0.3, -0.45}, 0.7);
  }

  @Test
  void aRecordMethodCallingItselfIsAnError() {
    Compilation compilation = failing("""
        record H(double[] x, double c) {
          H halve(int n) {
            if (n == 0) {
              return this;
            }
            double[] y = x.clone();
            for (int i = 0; i < y.length; i++) {
              y[i] *= 0.5;
            }
            return new H(y, c).halve(n - 1);
          }
        }
        """, """
        H h = new H(a.clone(), w);
        return h.halve(2).c();
        """);
    assertThat(compilation).hadErrorContaining("and it calls itself (H.halve -> H.halve)");
  }

  // ---------------------------------------------------------------------------------------------
  // Refusals of ordinary Java that the feature should take (each kept, disabled, with what it says).

  @Test
  void aSwitchYieldingExistingRecordsThenWrittenThrough() {
    agreeBody("p.Sw", "", """
        R r = new R(a.clone(), 1);
        R s = new R(new double[] {w, w}, 2);
        R t = switch (a.length) {
          case 2 -> r;
          default -> s;
        };
        t.x()[1] = 3 * w;
        return r.x()[1] * a[0] + s.x()[1];
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  @Disabled("bug: refused: r.x() == s.x() (reference comparison of two components) says 'r carries a derivative,"
      + " but it is passed into r.x() == s.x()', while u == v of plain local arrays compiles")
  void componentsComparedByReference() {
    agreeBody("p.Ref", "", """
        double[] buf = a.clone();
        R r = new R(buf, w);
        R s = new R(buf, w);
        double same = r.x() == s.x() ? 1 : 0;
        return r.x()[0] * w + same * a[1];
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aRecordMethodReturningItsComponent() {
    agreeBody("p.Pos", """
        record Q(double[] q, double c) {
          double[] positions() {
            return q;
          }
        }
        """, """
        Q s = new Q(a.clone(), w);
        double[] pos = s.positions();
        return s.q()[0] * w + pos[1] * s.positions()[0];
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  @Disabled("bug: refused: a record with a varargs component, record V(double... x), built as new V(new double[]"
      + " {a, b}) (or new V(a, b)), is called 'used as an object' at its construction")
  void aRecordWithAVarargsComponent() {
    agreeBody("p.Va", """
        record V(double... x) {
          double sum() {
            double s = 0;
            for (double v : x) {
              s += v;
            }
            return s;
          }
        }
        """, """
        V v = new V(a[0], a[0] * w, w);
        return v.sum() * v.x()[1];
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aLibraryPredicateOfAComponentsElementInACheck() {
    agreeBody("p.Nan", "", """
        R r = new R(a.clone(), w);
        if (Double.isNaN(r.x()[0])) {
          throw new IllegalArgumentException("nan");
        }
        return r.c() * r.x()[0];
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aRecordWithAnArrayWrittenIntoAString() {
    agreeBody("p.Str", "", """
        R r = new R(a.clone(), w);
        String note = "r = " + r;
        return r.x()[0] * r.c() + 0 * note.length();
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void anAssertOnARecordWithAnArray() {
    agreeBody("p.Asrt", "", """
        R r = new R(a.clone(), w);
        assert r.x().length == a.length : "length " + r;
        return r.x()[0] * r.c();
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void theArrayComponentOfARecordReturnedByACall() {
    agreeBody("p.Chain", """
        static R shifted(R r, double d) {
          double[] y = r.x().clone();
          for (int i = 0; i < y.length; i++) {
            y[i] += d;
          }
          return new R(y, r.c());
        }
        """, """
        R r = new R(a.clone(), w);
        return shifted(r, w).x()[0] + shifted(r, 2 * w).x().length * w;
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  @Disabled("bug: refused: a record given a row of a local double[][] (new R(m[1], 1)) and written through says"
      + " 'm[1] gives an array that the method does not own, and r_x, which holds it, is written' (naming the"
      + " generated local r_x); double[] row = m[1]; row[0] = ... compiles")
  void aRecordOfARowOfALocalMatrixWrittenThrough() {
    agreeBody("p.Row", "", """
        double[][] m = {a.clone(), {w, w}};
        R r = new R(m[1], 1);
        r.x()[0] = a[1] * w;
        m[1][1] = 3 * w * w;
        return m[1][0] + r.x()[1];
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void theBestRecordSoFarStartingFromNull() {
    agreeBody("p.Best", "", """
        R best = null;
        for (int k = 0; k < 4; k++) {
          double[] y = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            y[i] = a[i] * (1 + 0.3 * k);
          }
          R cand = new R(y, (y[0] - w) * (y[0] - w));
          if (best == null || cand.c() < best.c()) {
            best = cand;
          }
        }
        return best.c() + best.x()[0];
        """, new double[] {0.7, -1.3}, 0.4);
  }

  @Test
  @Disabled("bug: refused: a parameter written and then given to a record (a[0] = w * w; R r = new R(a, w);) is"
      + " 'both written and given', though the copy made at the construction sees the write")
  void aParameterWrittenBeforeItIsGiven() {
    agreeBody("p.Before", "", """
        a[0] = w * w;
        R r = new R(a, w);
        return r.x()[0] + r.x()[1] * r.c();
        """, new double[] {0.7, -1.3}, 1.4);
  }

  @Test
  void aParametersComponentGivenToAnotherRecordThenWrittenIsAnError() {
    Compilation compilation = failing("record S(double[] q, double c) {}", """
        R r = new R(a, w);
        S t = new S(r.x(), w);
        t.q()[0] = w;
        return a[0] * w + r.x()[0];
        """);
    assertThat(compilation).hadErrorContaining("t.q() may hold the parameter array a, given to R's component x");
  }

  @Test
  void aParametersComponentWrittenAsARowOfAMatrixIsAnError() {
    assertError("""
        R r = new R(a, w);
        double[][] m = {r.x()};
        m[0][0] = w;
        return a[0] * w + r.x()[0];
        """, "m[0][0] = w;", "m may hold the parameter array a, given to R's component x");
  }

  @Test
  void aParametersComponentChosenByAConditionalThenWrittenIsAnError() {
    assertError("""
        R r = new R(a, w);
        double[] b = w > 0 ? r.x() : new double[2];
        b[0] = w;
        return a[0] * w + r.x()[0];
        """, "b[0] = w;", "b may hold the parameter array a, given to R's component x");
  }

  @Test
  void aParametersComponentWrittenInTheFirstTurnOfALoopIsAnError() {
    assertError("""
        R r = new R(a, w);
        for (int k = 0; k < 2; k++) {
          r.x()[0] += w;
          r = new R(r.x().clone(), w);
        }
        return a[0] * w + r.x()[0];
        """, "r.x()[0] += w;", "r.x() may hold the parameter array a, given to R's component x");
  }

  @Test
  void aParameterWrittenByArraycopyAfterItIsGivenIsAnError() {
    assertError("""
        R r = new R(a, w);
        System.arraycopy(r.x(), 1, a, 0, 1);
        return a[0] * w + r.x()[0];
        """, "System.arraycopy(r.x(), 1, a, 0, 1);", "the parameter array a is both written in this method and given");
  }

  @Test
  void aDelegatingConstructorWritingAParametersArrayIsAnError() {
    Compilation compilation = failing("""
        record D(double[] x, double c) {
          D(double[] x) {
            this(x, x[0]);
            x[0] = 0;
          }
        }
        """, """
        D d = new D(a);
        return d.x()[0] * w + a[0] * d.c();
        """);
    assertThat(compilation).hadErrorContaining("the constructor D(...) is inlined here");
    assertThat(compilation).hadErrorContaining("the parameter array a is both written in this method and given to D's"
        + " component x");
  }

  @Test
  void recordsWithDerivativesComparedByEqualsAreAnErrorAtTheirConstruction() {
    assertError("""
        R r = new R(a.clone(), w);
        R s = new R(a.clone(), w);
        return r.equals(s) ? r.x()[0] : s.c();
        """, "R r = new R(a.clone(), w);", "new R(...) makes an object here, because the record is used as one");
  }


  /** Compiles {@code body} as the body of {@code f(double[] a, double w)} beside {@code record R(double[] x, double c)}. */
  private static Compilation failing(String members, String body) {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", source(members, body));
    return FailingCompilation.compile(file);
  }

  private static String source(String members, String body) {
    return """
        package p;

        import io.javagrad.Differentiable;
        import java.util.Arrays;

        class E {
          record R(double[] x, double c) {
            void scale(double f) {
              for (int i = 0; i < x.length; i++) {
                x[i] *= f;
              }
            }

            R with(double[] y) {
              return new R(y, c);
            }
          }

          static R wrap(double[] p) {
            return new R(p, 0);
          }

          static void zero(double[] v) {
            v[0] = 0;
          }
        """ + members.indent(2) + """

          @Differentiable
          static double f(double[] a, double w) {
        """ + body.indent(4) + """
          }
        }
        """;
  }

  private static void assertError(String body, String line, String message) {
    Compilation compilation = failing("", body);
    assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0)).onLineContaining(line);
  }

  /** Compiles {@code body} as above and checks its gradient agrees at {@code a}, {@code w}. */
  private static double[] agreeBody(String name, String members, String body, double[] a, double w) {
    String source = source(members, body).replace("class E {", "public class " + name.substring(2) + " {")
        .replace("static double f(", "public static double f(");
    return agree(name, source, "f", a, w);
  }
}
