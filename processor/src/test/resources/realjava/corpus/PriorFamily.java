package corpus;

/**
 * Priors on a real coefficient for corpus/Bayesian.java, each with a log density of its own, in a
 * file of its own: javagrad reads which method a constant's body overrides only once javac has
 * attributed the enclosing class, which javac refuses for a class that also declares a record with
 * a canonical constructor (Bayesian's NormalPrior).
 */
public enum PriorFamily {
  NORMAL {
    @Override
    double logDensity(double x, double scale) {
      double z = x / scale;
      return -0.5 * z * z - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);
    }
  },
  CAUCHY {
    @Override
    double logDensity(double x, double scale) {
      double z = x / scale;
      return -Math.log(Math.PI * scale * (1 + z * z));
    }
  },
  LAPLACE {
    @Override
    double logDensity(double x, double scale) {
      return -Math.abs(x) / scale - Math.log(2 * scale);
    }
  };

  abstract double logDensity(double x, double scale);
}
