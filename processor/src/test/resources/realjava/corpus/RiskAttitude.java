package corpus;

import static java.lang.Math.exp;
import static java.lang.Math.log;
import static java.lang.Math.pow;

/**
 * Attitudes to risk for corpus/Economics.java, in a file of its own: javagrad reads which method a
 * constant's body overrides only once javac has attributed the enclosing class, which javac refuses
 * for a class that also declares a record with a canonical constructor.
 */
public enum RiskAttitude {
  LOG {
    @Override
    double utility(double c, double aversion) {
      return log(c);
    }
  },
  POWER {
    @Override
    double utility(double c, double aversion) {
      return (pow(c, 1 - aversion) - 1) / (1 - aversion);
    }
  },
  EXPONENTIAL {
    @Override
    double utility(double c, double aversion) {
      return -exp(-aversion * c) / aversion;
    }
  };

  abstract double utility(double c, double aversion);
}
