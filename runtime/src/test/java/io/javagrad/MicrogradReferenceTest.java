package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The two tests of karpathy/micrograd's {@code test/test_engine.py}, whose expected numbers come
 * from PyTorch. Each Python line is kept as a comment above its translation. Python's reflected
 * operators become calls on the Value operand: {@code 2 * x} is {@code x.__rmul__(2)}, that is
 * {@code x * 2}; {@code 1 + c} is {@code c + 1}; {@code 10.0 / f} is {@code Value(10) / f}. And
 * {@code c += X} rebinds {@code c} to the new node {@code c + X}.
 */
class MicrogradReferenceTest {

  @Test
  void sanityCheck() {
    // x = Value(-4.0)
    Value x = new Value(-4.0);
    // z = 2 * x + 2 + x
    Value z = x.mul(2).add(2).add(x);
    // q = z.relu() + z * x
    Value q = z.relu().add(z.mul(x));
    // h = (z * z).relu()
    Value h = z.mul(z).relu();
    // y = h + q + q * x
    Value y = h.add(q).add(q.mul(x));
    // y.backward()
    y.backward();

    assertEquals(-20.0, y.data());
    assertEquals(46.0, x.grad());
  }

  @Test
  void moreOps() {
    // a = Value(-4.0); b = Value(2.0)
    Value a = new Value(-4.0);
    Value b = new Value(2.0);
    // c = a + b
    Value c = a.add(b);
    // d = a * b + b**3
    Value d = a.mul(b).add(b.pow(3));
    // c += c + 1
    c = c.add(c.add(1));
    // c += 1 + c + (-a)
    c = c.add(c.add(1).add(a.neg()));
    // d += d * 2 + (b + a).relu()
    d = d.add(d.mul(2).add(b.add(a).relu()));
    // d += 3 * d + (b - a).relu()
    d = d.add(d.mul(3).add(b.sub(a).relu()));
    // e = c - d
    Value e = c.sub(d);
    // f = e**2
    Value f = e.pow(2);
    // g = f / 2.0
    Value g = f.div(2.0);
    // g += 10.0 / f
    g = g.add(new Value(10.0).div(f));
    // g.backward()
    g.backward();

    assertRelativelyClose(24.70408163265306, g.data());
    assertRelativelyClose(138.83381924198252, a.grad());
    assertRelativelyClose(645.5772594752186, b.grad());
  }

  private static void assertRelativelyClose(double expected, double actual) {
    assertEquals(expected, actual, 1e-12 * Math.abs(expected));
  }
}
