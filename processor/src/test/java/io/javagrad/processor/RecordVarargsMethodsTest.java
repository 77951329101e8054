package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods of records and interfaces taking {@code double...}, as a distribution's log-likelihood
 * of its data is declared: called with the data's array, with values one by one, and with none.
 * Each gradient agrees with the twin, finite differences and forward mode.
 */
class RecordVarargsMethodsTest {
  private static final String SOURCE = """
package p;

import io.javagrad.Differentiable;

public class Fits {
  private Fits() {}

  interface Distribution {
    double logPdf(double x);

    default double logLikelihood(double... data) {
      double sum = 0;
      for (double x : data) {
        sum += logPdf(x);
      }
      return sum;
    }
  }

  record Normal(double mean, double sd) implements Distribution {
    Normal {
      if (!(sd > 0)) {
        throw new IllegalArgumentException("sd must be positive: " + sd);
      }
    }

    public double logPdf(double x) {
      double z = (x - mean) / sd;
      return -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
    }

    double weighted(double weight, double... xs) {
      return weight * logLikelihood(xs);
    }
  }

  @Differentiable
  public static double fit(double mean, double sd, double[] data) {
    Distribution model = new Normal(mean, sd);
    return model.logLikelihood(data);
  }

  @Differentiable
  public static double pointwise(double mean, double sd, double a, double b) {
    Normal model = new Normal(mean, sd);
    return model.logLikelihood(a, b, a * b) + model.logLikelihood() + model.weighted(0.5, a) + model.weighted(2);
  }
}
""";

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Fits", SOURCE).assertCleanSuccess();
  }

  @Test
  void aLikelihoodOfTheDataArray() {
    new GradientAgreement(compiled, "p.Fits", "fit").check(0.3, 1.2, new double[] {0.1, -0.4, 1.7, 0.9});
  }

  @Test
  void valuesOneByOneAndNone() {
    new GradientAgreement(compiled, "p.Fits", "pointwise").check(0.3, 1.2, 0.5, -0.8);
  }
}
