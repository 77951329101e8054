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
 * Records with labels beside their numbers: a trade's {@code String} id, a length's unit enum. A
 * label carries no derivative; it is a local of its own among the record's, read by the record's
 * methods, switched on, compared and written into messages as Java would, while the numbers beside
 * it are followed. Each gradient agrees with the twin, finite differences and forward mode.
 */
class RecordLabelsTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;
import java.util.List;

public class Labels {
  private Labels() {}

  enum Unit {
    METRE(1), FOOT(0.3048), INCH(0.0254);

    final double metres;

    Unit(double metres) {
      this.metres = metres;
    }
  }

  record Length(double value, Unit unit) {
    Length {
      if (value < 0) {
        throw new IllegalArgumentException("negative length: " + value + " " + unit);
      }
    }

    double metres() {
      return value * unit.metres;
    }

    Length in(Unit other) {
      return new Length(metres() / other.metres, other);
    }
  }

  @Differentiable
  public static double area(double width, double height) {
    Length w = new Length(width, Unit.FOOT);
    Length h = new Length(height, Unit.INCH).in(Unit.FOOT);
    double scale = switch (h.unit()) {
      case FOOT -> 1;
      case METRE, INCH -> 2;
    };
    return w.metres() * h.metres() * scale;
  }

  record Trade(String id, double notional, double rate) {
    double value(double discount) {
      return notional * rate * discount;
    }
  }

  @Differentiable
  public static double book(double rate, double discount) {
    List<Trade> trades = List.of(new Trade("swap-1", 100, rate), new Trade("swap-2", -40, rate * 1.5),
        new Trade("cap-1", 10, rate * rate));
    double total = 0;
    for (Trade t : trades) {
      if (t.id().startsWith("cap") && discount > 1) {
        throw new IllegalArgumentException("no cap above par: " + t);
      }
      total += t.id().startsWith("swap") ? t.value(discount) : 2 * t.value(discount);
    }
    return total;
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Labels", SOURCE).assertCleanSuccess();
  }

  private static double[] agree(String method, Object... args) {
    return new GradientAgreement(compiled, "p.Labels", method).check(args);
  }

  @Test
  void aLengthCarryingItsUnit() {
    agree("area", 2.0, 30.0);
  }

  @Test
  void aBookOfTradesByTheirIds() {
    agree("book", 0.05, 0.9);
  }

  @Test
  void theChecksThrowWithTheLabelsInTheirMessages() throws Exception {
    Method area = compiled.load("p.LabelsGrad").getMethod("area", double.class, double.class, double[].class);
    Throwable negative = assertThrows(InvocationTargetException.class,
        () -> area.invoke(null, -2.0, 30.0, new double[2])).getCause();
    assertEquals("negative length: -2.0 FOOT", negative.getMessage());
    Method book = compiled.load("p.LabelsGrad").getMethod("book", double.class, double.class, double[].class);
    Throwable cap = assertThrows(InvocationTargetException.class,
        () -> book.invoke(null, 0.05, 1.1, new double[2])).getCause();
    assertEquals("no cap above par: Trade[id=cap-1, notional=10.0, rate=0.0025000000000000005]", cap.getMessage());
  }

  @Test
  void aLabelOfAPrivateTypeIsAnErrorNamingIt() {
    JavaFileObject file = JavaFileObjects.forSourceString("p.E", """
        package p;

        import io.javagrad.Differentiable;

        class E {
          private enum Side { BUY, SELL }

          record Order(double size, Side side) {}

          @Differentiable
          static double f(double x) {
            Order o = new Order(x, Side.BUY);
            return o.side() == Side.BUY ? o.size() : -o.size();
          }
        }
        """);
    assertThat(FailingCompilation.compile(file)).hadErrorContaining("Side cannot be named by the generated"
        + " companion p.EGrad, because it is private").inFile(file);
  }
}
