package io.javagrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fixed sequences of records, as scenes, books of trades and stacks of layers are written: a
 * {@code List.of}, {@code Arrays.asList} or array initializer of records behind an interface,
 * gone through by for-each (with {@code break}, {@code continue}, a labelled {@code continue} from
 * a loop inside, one loop inside another over the same sequence), counted, and indexed at a
 * constant. Each element's method is its own record's; each gradient agrees with the twin, finite
 * differences and forward mode. A sequence used any other way is an object, as before.
 */
class RecordSequencesTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;
import java.util.Arrays;
import java.util.List;

public class Seq {
  private Seq() {}

  interface Instrument {
    double value(double spot, double vol, double t);
  }

  /** The standard normal distribution function (Zelen and Severo, 26.2.17). */
  static double normalCdf(double x) {
    double k = 1 / (1 + 0.2316419 * Math.abs(x));
    double poly = k * (0.319381530 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
    double tail = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
    return x >= 0 ? 1 - tail : tail;
  }

  record Call(double strike, double notional) implements Instrument {
    public double value(double spot, double vol, double t) {
      double d1 = (Math.log(spot / strike) + vol * vol * t / 2) / (vol * Math.sqrt(t));
      double d2 = d1 - vol * Math.sqrt(t);
      return notional * (spot * normalCdf(d1) - strike * normalCdf(d2));
    }
  }

  record Put(double strike, double notional) implements Instrument {
    public double value(double spot, double vol, double t) {
      return new Call(strike, notional).value(spot, vol, t) - notional * (spot - strike);
    }
  }

  record Forward(double strike, double notional) implements Instrument {
    public double value(double spot, double vol, double t) {
      return notional * (spot - strike);
    }
  }

  @Differentiable
  public static double book(double spot, double vol) {
    List<Instrument> trades = List.of(new Call(100, 2), new Put(95, 1), new Forward(102, -1));
    double total = 0;
    for (Instrument trade : trades) {
      total += trade.value(spot, vol, 0.5);
    }
    return total / trades.size();
  }

  record Scale(double k) implements Instrument {
    public double value(double x, double unused, double t) {
      return Math.tanh(k * x) + t;
    }
  }

  @Differentiable
  public static double layers(double x, double a, double b) {
    Instrument[] stack = {new Scale(a), new Scale(b), new Scale(a * b)};
    double h = x;
    for (Instrument layer : stack) {
      h = layer.value(h, 0, 0);
    }
    return h + stack[1].value(x, 0, 0) * stack.length;
  }

  @Differentiable
  public static double firstAbove(double a, double b, double limit) {
    var stack = Arrays.asList(new Scale(a), new Scale(b), new Scale(a + b));
    double found = -1;
    search:
    for (Instrument layer : stack) {
      for (int k = 0; k < 4; k++) {
        if (layer.value(k, 0, 0) > 0.999) {
          continue search;
        }
      }
      double v = layer.value(limit, 0, 0);
      if (v < 0) {
        continue;
      }
      found = v;
      break;
    }
    return found;
  }

  static final double[] WEIGHTS = {0.5, 2, 3};

  @Differentiable
  public static double weighted(double a, double b) {
    Instrument[] stack = {new Scale(a), new Forward(b, a), new Scale(b)};
    double total = 0;
    for (int i = 0; i < stack.length; i++) {
      if (i == 1 && a > 10) {
        continue;
      }
      total += WEIGHTS[i] * stack[i].value(0.5, 0, 0);
    }
    return total;
  }

  @Differentiable
  public static double indexedPairs(double a, double b) {
    List<Instrument> stack = List.of(new Scale(a), new Forward(b, a));
    double best = 0;
    outer:
    for (int i = 0; i < stack.size(); ++i) {
      for (int j = 0; j < stack.size(); j++) {
        if (stack.get(j).value(1, 0, 0) > 100) {
          break outer;
        }
        best = Math.max(best, stack.get(i).value(2, 0, 0) - stack.get(j).value(1, 0, 0) * 0.1);
      }
    }
    return best;
  }

  @Differentiable
  public static double pairs(double a, double b) {
    Instrument[] stack = new Instrument[] {new Scale(a), new Scale(b)};
    if (a > 100) {
      throw new IllegalArgumentException("a too large for " + stack.length + " layers");
    }
    double s = 0;
    for (Instrument p : stack) {
      for (Instrument q : stack) {
        s += p.value(1, 0, 0) * q.value(2, 0, 0);
      }
    }
    return s;
  }

  record Curve(double rate, double spread) {
    Curve {
      if (!(rate > -1)) {
        throw new IllegalArgumentException("rate " + rate);
      }
    }

    double discount(double t) {
      return Math.exp(-(rate + spread) * t);
    }
  }

  interface Cashflow {
    double presentValue(Curve curve);
  }

  record Zero(double notional, double maturity) implements Cashflow {
    public double presentValue(Curve curve) {
      return notional * curve.discount(maturity);
    }
  }

  record Deposit(double notional, double maturity, double fixed) implements Cashflow {
    public double presentValue(Curve curve) {
      return notional * (1 + fixed * maturity) * curve.discount(maturity);
    }
  }

  @Differentiable
  public static double bookOnCurve(double rate, double spread) {
    Curve curve = new Curve(rate, spread);
    List<Cashflow> book = List.of(new Zero(100, 1), new Deposit(50, 0.5, 0.02), new Zero(30, 2));
    double total = 0;
    for (int i = 0; i < book.size(); i++) {
      total += book.get(i).presentValue(curve);
    }
    return total;
  }

  @Differentiable
  public static double bookOnCurveEach(double rate, double spread) {
    Curve curve = new Curve(rate, spread);
    Cashflow[] book = {new Deposit(50, 0.25, rate), new Zero(100, 3)};
    double total = 0;
    for (Cashflow flow : book) {
      total += flow.presentValue(curve);
    }
    return total + book[1].presentValue(new Curve(rate, 0));
  }

  static int count(List<Cashflow> flows) {
    return flows.size();
  }

  @Differentiable
  public static double countedBookOnConstantCurve(double scale) {
    Curve curve = new Curve(0.05, 0);
    List<Cashflow> book = List.of(new Zero(100, 1), new Zero(30, 2));
    double total = 0;
    for (Cashflow flow : book) {
      total += flow.presentValue(curve);
    }
    return scale * total / count(book);
  }

  @Differentiable
  public static double bookStreamed(double rate, double spread) {
    Curve curve = new Curve(rate, spread);
    List<Cashflow> book = List.of(new Zero(100, 1), new Deposit(50, 0.5, 0.02), new Zero(30, 2));
    return book.stream().mapToDouble(flow -> flow.presentValue(curve)).sum();
  }

  @Differentiable
  public static double shortDatedSquares(double rate, double spread) {
    Curve curve = new Curve(rate, spread);
    Cashflow[] book = {new Zero(100, 1), new Deposit(50, 0.5, rate), new Zero(30, 2)};
    return Arrays.stream(book).filter(flow -> flow instanceof Deposit || spread > 0.5)
        .mapToDouble(flow -> flow.presentValue(curve)).map(v -> v * v).sum() + book.length;
  }

  @Differentiable
  public static double largestAndMean(double a, double b) {
    Instrument[] stack = {new Scale(a), new Forward(b, a), new Scale(a * b)};
    List<Instrument> pair = List.of(new Scale(b), new Scale(a));
    double[] values = Arrays.stream(stack).mapToDouble(layer -> layer.value(0.5, 0, 0)).toArray();
    return Arrays.stream(stack).mapToDouble(layer -> layer.value(1, 0, 0)).max().getAsDouble()
        + pair.stream().mapToDouble(layer -> layer.value(2, 0, 0)).average().orElse(0) + values[1];
  }

  interface Shape {
    double area();
  }

  record Square(double side) implements Shape {
    public double area() {
      return side * side;
    }
  }

  record Disc(double radius) implements Shape {
    public double area() {
      return Math.PI * radius * radius;
    }
  }

  static double perimeter(Shape shape) {
    if (shape instanceof Square square) {
      return 4 * square.side();
    } else if (shape instanceof Disc disc) {
      return 2 * Math.PI * disc.radius();
    }
    throw new IllegalStateException("unexpected shape " + shape);
  }

  @Differentiable
  public static double byReferences(double a, double b) {
    List<Shape> scene = List.of(new Square(a), new Disc(b), new Square(a + b));
    return scene.stream().filter(s -> s.area() > 1).mapToDouble(Shape::area).sum()
        + scene.stream().mapToDouble(Seq::perimeter).max().orElse(0);
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Seq", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Seq", method).check(args);
  }

  @Test
  void aBookOfTradesBehindAnInterface() {
    agree("book", 100.0, 0.2);
    agree("book", 90.0, 0.35);
  }

  @Test
  void anArrayOfLayersAppliedInTurnAndOneAtAConstantIndex() {
    agree("layers", 0.4, 0.7, -1.3);
  }

  @Test
  void breakContinueAndALabelledContinueFromALoopInside() {
    agree("firstAbove", 0.5, 2.0, 0.3);   // the first layer's value is taken
    agree("firstAbove", 3.0, 0.2, 0.3);   // the first passes 0.999 inside: continue search
    agree("firstAbove", 3.0, -0.2, 0.3);  // the second is negative: continue
    double[] none = agree("firstAbove", 3.0, 3.0, 0.3);
    assertEquals(0.0, none[0]);
  }

  @Test
  void aLoopInsideALoopOverTheSameSequence() {
    agree("pairs", 0.3, -0.8);
  }

  @Test
  void anIndexedLoopOverAnArrayReadingATableAtTheSameIndex() {
    agree("weighted", 0.4, 1.3);
    agree("weighted", 11.0, 1.3);
  }

  @Test
  void indexedLoopsOverAListOneInsideTheOtherWithALabelledBreak() {
    agree("indexedPairs", 0.4, 1.3);
    agree("indexedPairs", 0.4, -150.0);
  }

  @Test
  void theSequenceCountedInAMessage() throws Exception {
    Method gradient = compiled.load("p.SeqGrad").getMethod("pairs", double.class, double.class, double[].class);
    Throwable thrown = assertThrows(InvocationTargetException.class,
        () -> gradient.invoke(null, 200.0, 1.0, new double[2])).getCause();
    assertEquals("a too large for 2 layers", thrown.getMessage());
  }

  @Test
  void aCurveGivenToTheMethodOfEachElementOfABook() {
    agree("bookOnCurve", 0.03, 0.01);
    agree("bookOnCurveEach", 0.03, 0.01);
    agree("bookOnCurveEach", -0.2, 0.5);
  }

  @Test
  void aCheckedCurveWithoutDerivativeGivenToTheElementsOfABookThatIsAnObject() {
    // The book is given to a method, so it is an object, and so is the curve: its compact constructor runs once.
    agree("countedBookOnConstantCurve", 1.5);
  }

  @Test
  void aCurveGivenToTheElementsOfABookFilledInALoopIsAnErrorAtTheCall() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        class E {
          record Curve(double rate) {
            double discount(double t) {
              return Math.exp(-rate * t);
            }
          }

          interface Cashflow {
            double presentValue(Curve curve);
          }

          record Zero(double notional, double maturity) implements Cashflow {
            public double presentValue(Curve curve) {
              return notional * curve.discount(maturity);
            }
          }

          @Differentiable
          static double f(double rate, int n) {
            Curve curve = new Curve(rate);
            List<Cashflow> book = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
              book.add(new Zero(10, i));
            }
            double s = 0;
            for (Cashflow flow : book) {
              s += flow.presentValue(curve);
            }
            return s;
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("rate carries a derivative, but it is passed"
        + " into new Curve(rate)").inFile(file).onLineContaining("Curve curve = new Curve(rate);");
  }

  @Test
  void aBookStreamedIntoASum() {
    agree("bookStreamed", 0.03, 0.01);
  }

  @Test
  void aBookStreamedThroughAFilterAndTwoMaps() {
    agree("shortDatedSquares", 0.03, 0.01);  // the deposit alone
    agree("shortDatedSquares", 0.03, 0.7);   // every flow
  }

  @Test
  void sequencesStreamedIntoAMaximumAnAverageAndAnArray() {
    agree("largestAndMean", 0.4, 1.3);
    agree("largestAndMean", -2.0, 0.3);
  }

  @Test
  void aSequenceStreamedThroughReferencesToItsRecordsMethodAndToAStaticHelper() {
    // The helper's instanceof chain is decided for each record, and its final throw, dead, is not translated.
    agree("byReferences", 0.7, 1.3);
    agree("byReferences", 1.7, 0.3);
  }

  @Test
  void aSequenceStreamedThroughALibrarysMethodReferenceIsAnErrorAtTheReference() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.List;
        import java.util.Objects;

        class E {
          interface Shape {
            double area();
          }

          record Square(double side) implements Shape {
            public double area() {
              return side * side;
            }
          }

          @Differentiable
          static double f(double x) {
            List<Shape> scene = List.of(new Square(x), new Square(2 * x));
            return scene.stream().mapToDouble(Objects::hashCode).sum();
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("Objects::hashCode is applied to each Square of"
        + " the sequence, and javagrad inlines there a method of the record with no parameter, or a static method of"
        + " this compilation taking it alone; write a lambda instead").inFile(file)
        .onLineContaining("mapToDouble(Objects::hashCode)");
  }

  @Test
  void aSequenceGivenToAnotherMethodIsAnObject() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;
        import java.util.List;

        class E {
          record P(double x) {}

          static int count(List<P> ps) {
            return ps.size();
          }

          @Differentiable
          static double f(double x) {
            List<P> ps = List.of(new P(x), new P(2 * x));
            double s = 0;
            for (P p : ps) {
              s += p.x();
            }
            return s * count(ps);
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("x carries a derivative, but it is passed into"
        + " List.of(new P(x), new P(2 * x)), which javagrad runs as written").inFile(file)
        .onLineContaining("List<P> ps = List.of(");
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("a List.of or an array of records where the"
        + " method only goes through it (for (Shape s : scene)), counts it, calls a method of an element at a"
        + " constant index (scene[0].area()), or streams it into a sum or another reduction"
        + " (scene.stream().mapToDouble(Shape::area).sum())");
  }
}
