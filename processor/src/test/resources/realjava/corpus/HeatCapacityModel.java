package corpus;

/** Heat capacity relative to its value at 0 K, by model: each constant implements it. */
public enum HeatCapacityModel {
  LINEAR {
    @Override
    double relative(double t) {
      return 1 + 1e-3 * t;
    }
  },
  SATURATING {
    @Override
    double relative(double t) {
      return 2 - Math.exp(-t / 500);
    }
  };

  abstract double relative(double t);
}
