package io.javagrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A campaign of routines written as a competent Java 17 developer writes numeric code today, without
 * knowing javagrad: domain types as records with compact constructors that validate, static
 * factories ({@code Vec2.of}), {@code withX} copy methods, sealed interfaces dispatched by
 * {@code instanceof} patterns, enums with fields, abstract methods and constant bodies, switches over
 * enums, {@code Optional}, streams over records, lists built by {@code List.of} or by {@code add} in
 * a loop, arrays of records filled in loops, {@code Map} and {@code EnumMap} lookups, builders,
 * {@code Objects.requireNonNull}, {@code Math.fma} and varargs. Six domains: quantitative finance (a
 * book of sealed trades priced off a yield-curve record, day-count enums, cash-flow schedules,
 * Black-Scholes over market-data records, a Nelson-Siegel curve behind an interface, a CDS hazard
 * curve, FX conversion), physics and engineering (states stepped by force laws and by an integrator
 * enum, particles, a truss of springs, units, a projectile, a layered wall, a beam builder, N bodies,
 * a circuit of sealed elements), machine learning (activation enums, dense layers, link functions,
 * losses by name, Adam as a class, momentum SGD over records, samples in a list, kernels, penalties),
 * statistics (distributions behind an interface with a default log-likelihood, mixtures, priors in a
 * map, Poisson regression, Student-t with an optional prior, KDE, robust losses, a regime-switching
 * model), geometry (polygons, ray hits as {@code Optional}, Bezier curves, meshes, signed-distance
 * functions composed as lambdas, a camera, shapes) and operations research (a facility network, EOQ
 * with shipping modes, a newsvendor, Erlang C staffing, an inventory cost class).
 *
 * <p>Each routine compiles on its own, so a refusal hides no other. Each routine is as first written:
 * what compiles is checked against the twin, finite differences, the pullback and forward mode; what
 * javagrad refuses is kept, disabled, with the first line of its error; what it gets wrong is kept,
 * disabled, as a bug.
 */
class RealJavaModernObjectsTest {

  // ---- shared domain types, each in a file of its own ----------------------------------------

  private static final String VEC2 = """
      package p;

      /** An immutable vector in the plane. */
      public record Vec2(double x, double y) {
        public static final Vec2 ZERO = new Vec2(0, 0);

        public Vec2 {
          if (Double.isNaN(x) || Double.isNaN(y)) {
            throw new IllegalArgumentException("NaN component: (" + x + ", " + y + ")");
          }
        }

        public static Vec2 of(double x, double y) {
          return new Vec2(x, y);
        }

        public static Vec2 polar(double radius, double angle) {
          return new Vec2(radius * Math.cos(angle), radius * Math.sin(angle));
        }

        public static Vec2 sum(Vec2... vectors) {
          Vec2 total = ZERO;
          for (Vec2 v : vectors) {
            total = total.plus(v);
          }
          return total;
        }

        public Vec2 withX(double newX) {
          return new Vec2(newX, y);
        }

        public Vec2 withY(double newY) {
          return new Vec2(x, newY);
        }

        public Vec2 plus(Vec2 o) {
          return new Vec2(x + o.x, y + o.y);
        }

        public Vec2 minus(Vec2 o) {
          return new Vec2(x - o.x, y - o.y);
        }

        public Vec2 times(double s) {
          return new Vec2(x * s, y * s);
        }

        public double dot(Vec2 o) {
          return Math.fma(x, o.x, y * o.y);
        }

        public double cross(Vec2 o) {
          return x * o.y - y * o.x;
        }

        public double length() {
          return Math.hypot(x, y);
        }

        public double distanceTo(Vec2 o) {
          return minus(o).length();
        }

        public Vec2 normalized() {
          double len = length();
          if (len == 0) {
            throw new ArithmeticException("cannot normalize the zero vector");
          }
          return times(1 / len);
        }
      }
      """;

  private static final String VEC3 = """
      package p;

      /** An immutable vector in space. */
      public record Vec3(double x, double y, double z) {
        public static final Vec3 ZERO = new Vec3(0, 0, 0);

        public static Vec3 of(double x, double y, double z) {
          return new Vec3(x, y, z);
        }

        public static Vec3 of(double[] values, int offset) {
          if (offset < 0 || offset + 3 > values.length) {
            throw new IndexOutOfBoundsException("no vector at " + offset + " in " + values.length + " values");
          }
          return new Vec3(values[offset], values[offset + 1], values[offset + 2]);
        }

        public Vec3 plus(Vec3 o) {
          return new Vec3(x + o.x, y + o.y, z + o.z);
        }

        public Vec3 minus(Vec3 o) {
          return new Vec3(x - o.x, y - o.y, z - o.z);
        }

        public Vec3 times(double s) {
          return new Vec3(x * s, y * s, z * s);
        }

        public double dot(Vec3 o) {
          return Math.fma(x, o.x, Math.fma(y, o.y, z * o.z));
        }

        public Vec3 cross(Vec3 o) {
          return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
        }

        public double length() {
          return Math.sqrt(dot(this));
        }

        public double distanceTo(Vec3 o) {
          return minus(o).length();
        }

        public Vec3 normalized() {
          double len = length();
          if (len == 0) {
            throw new ArithmeticException("cannot normalize " + this);
          }
          return times(1 / len);
        }
      }
      """;

  private static final String DISTRIBUTION = """
      package p;

      /** A univariate probability distribution with a density. */
      public interface Distribution {
        double logPdf(double x);

        default double pdf(double x) {
          return Math.exp(logPdf(x));
        }

        default double logLikelihood(double... data) {
          double sum = 0;
          for (double x : data) {
            sum += logPdf(x);
          }
          return sum;
        }
      }
      """;

  private static final String NORMAL = """
      package p;

      /** The normal distribution. */
      public record Normal(double mean, double sd) implements Distribution {
        private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

        public Normal {
          if (!(sd > 0)) {
            throw new IllegalArgumentException("sd must be positive: " + sd);
          }
        }

        public static Normal standard() {
          return new Normal(0, 1);
        }

        @Override
        public double logPdf(double x) {
          double z = (x - mean) / sd;
          return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
        }
      }
      """;

  // ---- helpers -------------------------------------------------------------------------------

  /** Compiles the pairs of class name and source, and fails unless the compilation is clean. */
  private static Compiled compile(String... namesAndSources) {
    return Compiled.compile(namesAndSources).assertCleanSuccess();
  }

  private static void agrees(Compiled c, String owner, String method, Object... args) {
    new GradientAgreement(c, owner, method).check(args);
  }

  /**
   * The method throws at {@code args}, and every entry of its companion (the gradient buffer entry,
   * the Gradient entry, the pullback, forward mode and the dynamic twin) throws the same exception
   * with the same message.
   */
  private static void throwsAlike(Compiled c, String owner, String method, Object... args) {
    GradientAgreement agreement = new GradientAgreement(c, owner, method);
    Class<?>[] types = agreement.typesOf(args);
    int slots = agreement.flatten(args).length;
    String where = owner + "." + method;
    RuntimeException expected = assertThrows(RuntimeException.class,
        () -> c.call(owner, method, types, GradientAgreement.fresh(args)), () -> where + " does not throw");
    String companion = GradientAgreement.companionOf(owner);
    Map<String, Supplier<Object>> entries = new LinkedHashMap<>();
    entries.put("gradient entry", () -> c.call(companion, method, GradientAgreement.append(types, double[].class),
        GradientAgreement.append(GradientAgreement.fresh(args), new double[slots])));
    entries.put("Gradient entry", () -> c.call(companion, method, types, GradientAgreement.fresh(args)));
    entries.put("pullback", () -> c.call(companion, method + "_pullback",
        GradientAgreement.append(GradientAgreement.append(GradientAgreement.append(types, double.class),
            double[].class), int.class),
        GradientAgreement.append(GradientAgreement.append(GradientAgreement.append(GradientAgreement.fresh(args), 1.0),
            new double[slots]), 0)));
    entries.put("tangent", () -> c.call(companion, method + "_tangent", GradientAgreement.append(types, double[].class),
        GradientAgreement.append(GradientAgreement.fresh(args), new double[slots])));
    entries.put("dynamic twin", () -> {
      Class<?>[] twinTypes = new Class<?>[args.length];
      Object[] twinArgs = agreement.twinArguments(types, args, twinTypes, new ArrayList<>());
      return c.call(companion, method, twinTypes, twinArgs);
    });
    entries.forEach((entry, call) -> {
      RuntimeException thrown = assertThrows(RuntimeException.class, call::get,
          () -> where + ": the " + entry + " does not throw, but the method throws " + expected);
      assertEquals(expected.getClass(), thrown.getClass(), () -> where + ": the " + entry + " throws " + thrown
          + " where the method throws " + expected);
      assertEquals(expected.getMessage(), thrown.getMessage(), () -> where + ": the " + entry + "'s message");
    });
  }

  /** A new object of the compiled class {@code className}, by its constructor of that many parameters. */
  private static Object construct(Compiled c, String className, Object... args) {
    Class<?> type = c.load(className);
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == args.length) {
        constructor.setAccessible(true);
        try {
          return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError("cannot make a " + className, e);
        }
      }
    }
    throw new AssertionError("no constructor of " + args.length + " parameters in " + className);
  }

  /** The constant {@code name} of the compiled enum {@code className}. */
  private static Object constant(Compiled c, String className, String name) {
    for (Object value : c.load(className).getEnumConstants()) {
      if (((Enum<?>) value).name().equals(name)) {
        return value;
      }
    }
    throw new AssertionError("no constant " + name + " in " + className);
  }

  // =============================================================================================
  // Quantitative finance
  // =============================================================================================

  private static final String YIELD_CURVE = """
      package p;

      import java.util.Arrays;
      import java.util.Objects;

      /** Continuously compounded zero rates at pillar times, linearly interpolated, flat outside. */
      public record YieldCurve(double[] times, double[] zeroRates) {
        public YieldCurve {
          Objects.requireNonNull(times, "times");
          Objects.requireNonNull(zeroRates, "zeroRates");
          if (times.length == 0 || times.length != zeroRates.length) {
            throw new IllegalArgumentException(
                "need one rate per pillar, got " + times.length + " pillars and " + zeroRates.length + " rates");
          }
          for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
              throw new IllegalArgumentException("pillars must increase: " + Arrays.toString(times));
            }
          }
          times = times.clone();
          zeroRates = zeroRates.clone();
        }

        public double zeroRate(double t) {
          if (t <= times[0]) {
            return zeroRates[0];
          }
          int last = times.length - 1;
          if (t >= times[last]) {
            return zeroRates[last];
          }
          int found = Arrays.binarySearch(times, t);
          if (found >= 0) {
            return zeroRates[found];
          }
          int hi = -found - 1;
          int lo = hi - 1;
          double w = (t - times[lo]) / (times[hi] - times[lo]);
          return zeroRates[lo] + w * (zeroRates[hi] - zeroRates[lo]);
        }

        public double discount(double t) {
          return Math.exp(-zeroRate(t) * t);
        }
      }
      """;

  private static final String TRADE = """
      package p;

      import java.util.Objects;

      /** A trade in the book; each kind has its pricer in {@link Pricer}. */
      public sealed interface Trade {
        String id();

        double notional();

        record FixedRateBond(String id, double notional, double coupon, int years, int paymentsPerYear)
            implements Trade {
          public FixedRateBond {
            Objects.requireNonNull(id, "id");
            if (notional <= 0) {
              throw new IllegalArgumentException(id + ": notional must be positive: " + notional);
            }
            if (paymentsPerYear <= 0 || 12 % paymentsPerYear != 0) {
              throw new IllegalArgumentException(id + ": unsupported frequency " + paymentsPerYear);
            }
          }
        }

        record ZeroCouponBond(String id, double notional, double maturity) implements Trade {
          public ZeroCouponBond {
            Objects.requireNonNull(id, "id");
            if (maturity <= 0) {
              throw new IllegalArgumentException(id + ": maturity must be positive: " + maturity);
            }
          }
        }

        record InterestRateSwap(String id, double notional, double fixedRate, int years, boolean payFixed)
            implements Trade {
          public InterestRateSwap {
            Objects.requireNonNull(id, "id");
          }
        }
      }
      """;

  private static final String PRICER = """
      package p;

      import p.Trade.FixedRateBond;
      import p.Trade.InterestRateSwap;
      import p.Trade.ZeroCouponBond;

      /** Prices each kind of trade off a curve. */
      public final class Pricer {
        private Pricer() {}

        public static double price(Trade trade, YieldCurve curve) {
          if (trade instanceof FixedRateBond bond) {
            return bond(bond, curve);
          } else if (trade instanceof ZeroCouponBond zero) {
            return zero.notional() * curve.discount(zero.maturity());
          } else if (trade instanceof InterestRateSwap swap) {
            return swap(swap, curve);
          }
          throw new IllegalArgumentException("no pricer for " + trade);
        }

        static double bond(FixedRateBond bond, YieldCurve curve) {
          double dt = 1.0 / bond.paymentsPerYear();
          int n = bond.years() * bond.paymentsPerYear();
          double coupons = 0;
          for (int i = 1; i <= n; i++) {
            coupons += curve.discount(i * dt);
          }
          return bond.notional() * (bond.coupon() * dt * coupons + curve.discount(bond.years()));
        }

        static double swap(InterestRateSwap swap, YieldCurve curve) {
          double annuity = 0;
          for (int year = 1; year <= swap.years(); year++) {
            annuity += curve.discount(year);
          }
          double floating = 1 - curve.discount(swap.years());
          double fixed = swap.fixedRate() * annuity;
          double value = swap.notional() * (floating - fixed);
          return swap.payFixed() ? value : -value;
        }
      }
      """;

  private static final String BOOK_RISK = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;
      import java.util.Objects;

      public final class BookRisk {
        private BookRisk() {}

        static final double[] PILLARS = {0.5, 1, 2, 3, 5, 7, 10};

        @Differentiable
        public static double bookValue(double[] zeroRates, List<Trade> book) {
          Objects.requireNonNull(book, "book");
          YieldCurve curve = new YieldCurve(PILLARS, zeroRates);
          double total = 0;
          for (Trade trade : book) {
            total += Pricer.price(trade, curve);
          }
          return total;
        }
      }
      """;

  private static final double[] ZERO_RATES = {0.030, 0.031, 0.033, 0.034, 0.036, 0.037, 0.038};

  @Test
  void aBookOfSealedTradesPricedOffAYieldCurveRecord() {
    Compiled c = compile("p.YieldCurve", YIELD_CURVE, "p.Trade", TRADE, "p.Pricer", PRICER, "p.BookRisk", BOOK_RISK);
    List<Object> book = List.of(
        construct(c, "p.Trade$FixedRateBond", "UST-5Y", 1_000_000.0, 0.04, 5, 2),
        construct(c, "p.Trade$ZeroCouponBond", "ZC-3Y", 500_000.0, 3.0),
        construct(c, "p.Trade$InterestRateSwap", "IRS-7Y", 2_000_000.0, 0.035, 7, true));
    agrees(c, "p.BookRisk", "bookValue", ZERO_RATES.clone(), book);
    throwsAlike(c, "p.BookRisk", "bookValue", new double[] {0.03, 0.031, 0.033, 0.034, 0.036, 0.037}, book);
  }

  private static final String HEDGE_RISK = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;
      import p.Trade.FixedRateBond;
      import p.Trade.InterestRateSwap;
      import p.Trade.ZeroCouponBond;

      public final class HedgeRisk {
        private HedgeRisk() {}

        static final double[] PILLARS = {0.5, 1, 2, 3, 5, 7, 10};

        @Differentiable
        public static double hedgedValue(double hedgeNotional, double[] zeroRates) {
          YieldCurve curve = new YieldCurve(PILLARS, zeroRates);
          List<Trade> book = List.of(
              new ZeroCouponBond("ZC-3Y", 1_000_000, 3.0),
              new FixedRateBond("CORP-5Y", 2_000_000, 0.045, 5, 2),
              new InterestRateSwap("HEDGE-7Y", hedgeNotional, 0.035, 7, true));
          double value = 0;
          for (Trade trade : book) {
            value += Pricer.price(trade, curve);
          }
          return value;
        }
      }
      """;

  @Test
  void aHedgeWhoseNotionalIsDifferentiatedInAListOfTrades() {
    Compiled c = compile("p.YieldCurve", YIELD_CURVE, "p.Trade", TRADE, "p.Pricer", PRICER, "p.HedgeRisk", HEDGE_RISK);
    agrees(c, "p.HedgeRisk", "hedgedValue", 1_500_000.0, ZERO_RATES.clone());
  }

  private static final String DAY_COUNT = """
      package p;

      import java.time.LocalDate;
      import java.time.temporal.ChronoUnit;

      /** Day-count conventions. */
      public enum DayCount {
        ACT_360("ACT/360") {
          @Override
          public double yearFraction(LocalDate start, LocalDate end) {
            return ChronoUnit.DAYS.between(start, end) / 360.0;
          }
        },
        ACT_365F("ACT/365F") {
          @Override
          public double yearFraction(LocalDate start, LocalDate end) {
            return ChronoUnit.DAYS.between(start, end) / 365.0;
          }
        },
        THIRTY_360("30/360") {
          @Override
          public double yearFraction(LocalDate start, LocalDate end) {
            int d1 = Math.min(start.getDayOfMonth(), 30);
            int d2 = end.getDayOfMonth();
            if (d2 == 31 && d1 == 30) {
              d2 = 30;
            }
            int days = 360 * (end.getYear() - start.getYear()) + 30 * (end.getMonthValue() - start.getMonthValue())
                + (d2 - d1);
            return days / 360.0;
          }
        };

        private final String label;

        DayCount(String label) {
          this.label = label;
        }

        public String label() {
          return label;
        }

        public abstract double yearFraction(LocalDate start, LocalDate end);
      }
      """;

  private static final String COUPON_LEG = """
      package p;

      import io.javagrad.Differentiable;
      import java.time.LocalDate;

      public final class CouponLeg {
        private CouponLeg() {}

        static final double NOTIONAL = 10_000_000;
        static final LocalDate START = LocalDate.of(2024, 1, 31);

        @Differentiable
        public static double presentValue(double couponRate, double discountRate, DayCount dayCount) {
          double daysInYear = switch (dayCount) {
            case ACT_360, THIRTY_360 -> 360;
            case ACT_365F -> 365;
          };
          double pv = 0;
          LocalDate previous = START;
          for (int k = 1; k <= 8; k++) {
            LocalDate payment = START.plusMonths(3L * k);
            double accrual = dayCount.yearFraction(previous, payment);
            double t = DayCount.ACT_365F.yearFraction(START, payment);
            double compounding = Math.pow(1 + discountRate / daysInYear, -daysInYear * t);
            pv += NOTIONAL * couponRate * accrual * compounding;
            previous = payment;
          }
          return pv;
        }
      }
      """;

  @Test
  void aCouponLegUnderEachDayCountEnum() {
    Compiled c = compile("p.DayCount", DAY_COUNT, "p.CouponLeg", COUPON_LEG);
    for (String name : List.of("ACT_360", "ACT_365F", "THIRTY_360")) {
      agrees(c, "p.CouponLeg", "presentValue", 0.042, 0.037, constant(c, "p.DayCount", name));
    }
  }

  private static final String CASH_FLOW = """
      package p;

      import java.time.LocalDate;
      import java.util.Objects;

      public record CashFlow(LocalDate paymentDate, double amount) {
        public CashFlow {
          Objects.requireNonNull(paymentDate, "paymentDate");
        }
      }
      """;

  private static final String SCHEDULES = """
      package p;

      import io.javagrad.Differentiable;
      import java.time.LocalDate;
      import java.time.temporal.ChronoUnit;
      import java.util.ArrayList;
      import java.util.List;

      public final class Schedules {
        private Schedules() {}

        static final LocalDate VALUATION = LocalDate.of(2024, 3, 15);

        static List<CashFlow> bulletBond(LocalDate issue, int years, int frequency, double notional, double coupon) {
          List<CashFlow> flows = new ArrayList<>();
          int months = 12 / frequency;
          for (int k = 1; k <= years * frequency; k++) {
            flows.add(new CashFlow(issue.plusMonths((long) k * months), notional * coupon / frequency));
          }
          flows.add(new CashFlow(issue.plusYears(years), notional));
          return flows;
        }

        static double yearFraction(LocalDate from, LocalDate to) {
          return ChronoUnit.DAYS.between(from, to) / 365.0;
        }

        @Differentiable
        public static double dirtyPrice(double coupon, double yield) {
          List<CashFlow> flows = bulletBond(LocalDate.of(2023, 6, 15), 5, 2, 100.0, coupon);
          return flows.stream()
              .filter(cf -> cf.paymentDate().isAfter(VALUATION))
              .mapToDouble(cf -> cf.amount() * Math.pow(1 + yield / 2, -2 * yearFraction(VALUATION, cf.paymentDate())))
              .sum();
        }
      }
      """;

  @Test
  @Disabled("refused: coupon carries a derivative, but it is passed into bulletBond(..., coupon), which"
      + " javagrad runs as written (a helper returning a List<CashFlow> filled by add() in a loop)")
  void aCashFlowScheduleBuiltByAddAndDiscountedByAStream() {
    Compiled c = compile("p.CashFlow", CASH_FLOW, "p.Schedules", SCHEDULES);
    agrees(c, "p.Schedules", "dirtyPrice", 0.045, 0.041);
  }

  private static final String OPTION_TYPE = """
      package p;

      public enum OptionType {
        CALL(1),
        PUT(-1);

        private final int sign;

        OptionType(int sign) {
          this.sign = sign;
        }

        public int sign() {
          return sign;
        }
      }
      """;

  private static final String MARKET_DATA = """
      package p;

      public record MarketData(double spot, double rate, double dividendYield, double volatility) {
        public MarketData {
          if (spot <= 0) {
            throw new IllegalArgumentException("spot must be positive: " + spot);
          }
          if (volatility <= 0) {
            throw new IllegalArgumentException("volatility must be positive: " + volatility);
          }
        }

        public MarketData withSpot(double newSpot) {
          return new MarketData(newSpot, rate, dividendYield, volatility);
        }

        public MarketData withVolatility(double newVolatility) {
          return new MarketData(spot, rate, dividendYield, newVolatility);
        }
      }
      """;

  private static final String VANILLA_OPTION = """
      package p;

      import java.util.Objects;

      public record VanillaOption(OptionType type, double strike, double expiry) {
        public VanillaOption {
          Objects.requireNonNull(type, "type");
          if (strike <= 0 || expiry <= 0) {
            throw new IllegalArgumentException("bad option: strike " + strike + ", expiry " + expiry);
          }
        }

        public static VanillaOption call(double strike, double expiry) {
          return new VanillaOption(OptionType.CALL, strike, expiry);
        }

        public static VanillaOption put(double strike, double expiry) {
          return new VanillaOption(OptionType.PUT, strike, expiry);
        }
      }
      """;

  private static final String BLACK_SCHOLES = """
      package p;

      import io.javagrad.Differentiable;

      public final class BlackScholes {
        private BlackScholes() {}

        /** Abramowitz and Stegun 26.2.17. */
        static double normalCdf(double x) {
          double t = 1 / (1 + 0.2316419 * Math.abs(x));
          double poly = t * (0.319381530
              + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
          double tail = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
          return x >= 0 ? 1 - tail : tail;
        }

        public static double price(VanillaOption option, MarketData market) {
          double s = market.spot(), k = option.strike(), t = option.expiry();
          double vol = market.volatility();
          double sqrtT = Math.sqrt(t);
          double drift = market.rate() - market.dividendYield() + 0.5 * vol * vol;
          double d1 = (Math.log(s / k) + drift * t) / (vol * sqrtT);
          double d2 = d1 - vol * sqrtT;
          int w = option.type().sign();
          return w * (s * Math.exp(-market.dividendYield() * t) * normalCdf(w * d1)
              - k * Math.exp(-market.rate() * t) * normalCdf(w * d2));
        }

        @Differentiable
        public static double strangleScenarioPnl(double spot, double volatility, double rate) {
          MarketData today = new MarketData(spot, rate, 0.01, volatility);
          VanillaOption put = VanillaOption.put(90, 0.5);
          VanillaOption call = VanillaOption.call(110, 0.5);
          double value = price(put, today) + price(call, today);
          MarketData stressed = today.withSpot(spot * 0.95).withVolatility(volatility + 0.05);
          double stressedValue = price(put, stressed) + price(call, stressed);
          return stressedValue - value;
        }
      }
      """;

  @Test
  void blackScholesOverMarketDataRecordsWithCopyMethods() {
    Compiled c = compile("p.OptionType", OPTION_TYPE, "p.MarketData", MARKET_DATA, "p.VanillaOption", VANILLA_OPTION,
        "p.BlackScholes", BLACK_SCHOLES);
    agrees(c, "p.BlackScholes", "strangleScenarioPnl", 100.0, 0.22, 0.03);
    throwsAlike(c, "p.BlackScholes", "strangleScenarioPnl", 100.0, -0.1, 0.03);
    throwsAlike(c, "p.BlackScholes", "strangleScenarioPnl", -5.0, 0.22, 0.03);
  }

  private static final String DISCOUNT_CURVE = """
      package p;

      public interface DiscountCurve {
        double zeroRate(double t);

        default double discount(double t) {
          return Math.exp(-zeroRate(t) * t);
        }
      }
      """;

  private static final String NELSON_SIEGEL = """
      package p;

      public record NelsonSiegel(double beta0, double beta1, double beta2, double tau) implements DiscountCurve {
        public NelsonSiegel {
          if (tau <= 0) {
            throw new IllegalArgumentException("tau must be positive: " + tau);
          }
        }

        @Override
        public double zeroRate(double t) {
          if (t == 0) {
            return beta0 + beta1;
          }
          double x = t / tau;
          double decay = Math.exp(-x);
          double slope = (1 - decay) / x;
          return beta0 + beta1 * slope + beta2 * (slope - decay);
        }
      }
      """;

  private static final String SWAP_MATH = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.stream.IntStream;

      public final class SwapMath {
        private SwapMath() {}

        static double parRate(DiscountCurve curve, int years, double accrual) {
          int periods = (int) Math.round(years / accrual);
          double annuity = IntStream.rangeClosed(1, periods)
              .mapToDouble(i -> accrual * curve.discount(i * accrual))
              .sum();
          return (1 - curve.discount(years)) / annuity;
        }

        @Differentiable
        public static double fiveYearParRate(double beta0, double beta1, double beta2, double tau) {
          return parRate(new NelsonSiegel(beta0, beta1, beta2, tau), 5, 0.5);
        }
      }
      """;

  @Test
  void aParSwapRateOffANelsonSiegelCurveBehindAnInterface() {
    Compiled c = compile("p.DiscountCurve", DISCOUNT_CURVE, "p.NelsonSiegel", NELSON_SIEGEL, "p.SwapMath", SWAP_MATH);
    agrees(c, "p.SwapMath", "fiveYearParRate", 0.04, -0.01, 0.005, 1.8);
    throwsAlike(c, "p.SwapMath", "fiveYearParRate", 0.04, -0.01, 0.005, 0.0);
  }

  private static final String CALIBRATION = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Map;

      public final class Calibration {
        private Calibration() {}

        static final Map<Double, Double> MARKET_ZEROS = Map.of(
            0.5, 0.0312, 1.0, 0.0325, 2.0, 0.0341, 5.0, 0.0366, 10.0, 0.0389, 30.0, 0.0401);

        @Differentiable
        public static double calibrationError(double beta0, double beta1, double beta2, double tau) {
          DiscountCurve curve = new NelsonSiegel(beta0, beta1, beta2, tau);
          double sse = 0;
          for (var quote : MARKET_ZEROS.entrySet()) {
            double diff = curve.zeroRate(quote.getKey()) - quote.getValue();
            sse += diff * diff;
          }
          return 1e4 * sse;
        }
      }
      """;

  @Test
  void aCurveCalibratedToQuotesInAMap() {
    Compiled c = compile("p.DiscountCurve", DISCOUNT_CURVE, "p.NelsonSiegel", NELSON_SIEGEL, "p.Calibration",
        CALIBRATION);
    agrees(c, "p.Calibration", "calibrationError", 0.04, -0.01, 0.005, 1.8);
    throwsAlike(c, "p.Calibration", "calibrationError", 0.04, -0.01, 0.005, -1.0);
  }

  private static final String RECOVERY = """
      package p;

      import java.util.Objects;

      public record RecoveryAssumption(String seniority, double rate) {
        public RecoveryAssumption {
          Objects.requireNonNull(seniority, "seniority");
          if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("recovery must be in [0, 1]: " + rate);
          }
        }
      }
      """;

  private static final String HAZARD_CURVE = """
      package p;

      /** Piecewise-constant default intensities up to each pillar, flat after the last. */
      public record HazardCurve(double[] times, double[] intensities) {
        public HazardCurve {
          if (times.length != intensities.length) {
            throw new IllegalArgumentException("one intensity per pillar");
          }
        }

        public double survival(double t) {
          double integral = 0;
          double previous = 0;
          for (int i = 0; i < times.length; i++) {
            double end = Math.min(times[i], t);
            if (end > previous) {
              integral += intensities[i] * (end - previous);
            }
            if (times[i] >= t) {
              return Math.exp(-integral);
            }
            previous = times[i];
          }
          return Math.exp(-integral - intensities[intensities.length - 1] * (t - previous));
        }
      }
      """;

  private static final String CDS = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Optional;

      public final class Cds {
        private Cds() {}

        static final double[] PILLARS = {1, 3, 5};
        static final double DEFAULT_RECOVERY = 0.4;

        @Differentiable
        public static double protectionLeg(double[] intensities, double riskFreeRate,
            Optional<RecoveryAssumption> recovery) {
          HazardCurve hazard = new HazardCurve(PILLARS, intensities);
          double recoveryRate = recovery.map(RecoveryAssumption::rate).orElse(DEFAULT_RECOVERY);
          double pv = 0;
          double previous = 1;
          for (int q = 1; q <= 20; q++) {
            double t = q * 0.25;
            double survival = hazard.survival(t);
            pv += (1 - recoveryRate) * (previous - survival) * Math.exp(-riskFreeRate * t);
            previous = survival;
          }
          return pv;
        }
      }
      """;

  @Test
  void aCdsProtectionLegWithAnOptionalRecoveryAssumption() {
    Compiled c = compile("p.RecoveryAssumption", RECOVERY, "p.HazardCurve", HAZARD_CURVE, "p.Cds", CDS);
    agrees(c, "p.Cds", "protectionLeg", new double[] {0.012, 0.018, 0.025}, 0.03, Optional.empty());
    agrees(c, "p.Cds", "protectionLeg", new double[] {0.012, 0.018, 0.025}, 0.03,
        Optional.of(construct(c, "p.RecoveryAssumption", "senior unsecured", 0.35)));
    throwsAlike(c, "p.Cds", "protectionLeg", new double[] {0.012, 0.018}, 0.03, Optional.empty());
  }

  private static final String FX = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;
      import java.util.Map;

      public final class Fx {
        private Fx() {}

        public record Position(String currency, double amount) {}

        static final List<Position> HOLDINGS = List.of(
            new Position("USD", 1_250_000),
            new Position("EUR", 800_000),
            new Position("GBP", -300_000),
            new Position("JPY", 95_000_000));

        @Differentiable
        public static double totalInUsd(double eurUsd, double gbpUsd, double usdJpy) {
          Map<String, Double> toUsd = Map.of("USD", 1.0, "EUR", eurUsd, "GBP", gbpUsd, "JPY", 1 / usdJpy);
          return HOLDINGS.stream().mapToDouble(p -> p.amount() * toUsd.get(p.currency())).sum();
        }
      }
      """;

  @Test
  @Disabled("refused: eurUsd carries a derivative, but it is passed into Map.of(\"USD\", 1.0, \"EUR\", eurUsd,"
      + " ...), which javagrad runs as written (rates kept in a Map<String, Double> and read back by"
      + " get)")
  void positionsConvertedByAMapOfRates() {
    Compiled c = compile("p.Fx", FX);
    agrees(c, "p.Fx", "totalInUsd", 1.08, 1.27, 151.0);
  }

  // =============================================================================================
  // Physics and engineering
  // =============================================================================================

  private static final String FORCE_LAW = """
      package p;

      @FunctionalInterface
      public interface ForceLaw {
        double acceleration(double position, double velocity);
      }
      """;

  private static final String STATE = """
      package p;

      import java.util.Objects;

      public record State(double position, double velocity) {
        public static State at(double position) {
          return new State(position, 0);
        }

        /** One semi-implicit Euler step. */
        public State step(ForceLaw force, double dt) {
          Objects.requireNonNull(force, "force");
          double v = velocity + force.acceleration(position, velocity) * dt;
          return new State(Math.fma(v, dt, position), v);
        }

        public double energy(double stiffness, double mass) {
          return 0.5 * mass * velocity * velocity + 0.5 * stiffness * position * position;
        }
      }
      """;

  private static final String OSCILLATOR = """
      package p;

      import io.javagrad.Differentiable;

      public final class Oscillator {
        private Oscillator() {}

        static final double MASS = 2.0;

        @Differentiable
        public static double energyAfter(double stiffness, double damping, double x0) {
          ForceLaw spring = (x, v) -> (-stiffness * x - damping * v) / MASS;
          State s = State.at(x0);
          for (int i = 0; i < 200; i++) {
            s = s.step(spring, 0.01);
          }
          return s.energy(stiffness, MASS);
        }
      }
      """;

  @Test
  @Disabled("refused: stiffness carries a derivative, but it is captured by a lambda or class in"
      + " (x,v)->(-stiffness * x - damping * v) / MASS, which javagrad runs as written (a lambda local"
      + " passed to a record's method, s.step(spring, dt); with the lambda written in the call,"
      + " Objects.requireNonNull(force) in step is refused next)")
  void aStateRecordSteppedByALambdaForceLaw() {
    Compiled c = compile("p.ForceLaw", FORCE_LAW, "p.State", STATE, "p.Oscillator", OSCILLATOR);
    agrees(c, "p.Oscillator", "energyAfter", 4.0, 0.3, 1.2);
  }

  private static final String PHASE = """
      package p;

      public record Phase(double angle, double rate) {
        public Phase plus(Phase o) {
          return new Phase(angle + o.angle, rate + o.rate);
        }

        public Phase scale(double s) {
          return new Phase(angle * s, rate * s);
        }
      }
      """;

  private static final String DYNAMICS = """
      package p;

      @FunctionalInterface
      public interface Dynamics {
        Phase derivative(Phase state);
      }
      """;

  private static final String INTEGRATOR = """
      package p;

      public enum Integrator {
        EULER {
          @Override
          public Phase step(Phase s, Dynamics f, double h) {
            return s.plus(f.derivative(s).scale(h));
          }
        },
        MIDPOINT {
          @Override
          public Phase step(Phase s, Dynamics f, double h) {
            Phase half = s.plus(f.derivative(s).scale(h / 2));
            return s.plus(f.derivative(half).scale(h));
          }
        },
        RK4 {
          @Override
          public Phase step(Phase s, Dynamics f, double h) {
            Phase k1 = f.derivative(s);
            Phase k2 = f.derivative(s.plus(k1.scale(h / 2)));
            Phase k3 = f.derivative(s.plus(k2.scale(h / 2)));
            Phase k4 = f.derivative(s.plus(k3.scale(h)));
            return s.plus(k1.plus(k2.scale(2)).plus(k3.scale(2)).plus(k4).scale(h / 6));
          }
        };

        public abstract Phase step(Phase s, Dynamics f, double h);
      }
      """;

  private static final String PENDULUM = """
      package p;

      import io.javagrad.Differentiable;

      public final class Pendulum {
        private Pendulum() {}

        static final double G = 9.81;

        @Differentiable
        public static double angleAfter(double length, double theta0, Integrator method) {
          Dynamics pendulum = s -> new Phase(s.rate(), -G / length * Math.sin(s.angle()));
          Phase state = new Phase(theta0, 0);
          for (int i = 0; i < 100; i++) {
            state = method.step(state, pendulum, 0.01);
          }
          return state.angle();
        }
      }
      """;

  @Test
  @Disabled("refused: length carries a derivative, but it is captured by a lambda or class in (s)->new"
      + " Phase(...), which javagrad runs as written (a lambda local passed to an enum constant body's"
      + " method; new Phase(theta0, 0) given to it is refused as an object too)")
  void aPendulumSteppedByAnIntegratorEnumWithConstantBodies() {
    Compiled c = compile("p.Phase", PHASE, "p.Dynamics", DYNAMICS, "p.Integrator", INTEGRATOR, "p.Pendulum", PENDULUM);
    for (String name : List.of("EULER", "MIDPOINT", "RK4")) {
      agrees(c, "p.Pendulum", "angleAfter", 1.5, 0.4, constant(c, "p.Integrator", name));
    }
  }

  private static final String PARTICLE = """
      package p;

      import java.util.Objects;

      public record Particle(Vec2 position, double mass) {
        public Particle {
          Objects.requireNonNull(position, "position");
          if (mass <= 0) {
            throw new IllegalArgumentException("mass must be positive: " + mass);
          }
        }
      }
      """;

  private static final String CLUSTER = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.ArrayList;
      import java.util.List;

      public final class Cluster {
        private Cluster() {}

        @Differentiable
        public static double lennardJonesEnergy(double[] coordinates, double epsilon, double sigma) {
          if (coordinates.length % 2 != 0) {
            throw new IllegalArgumentException("need x, y pairs, got " + coordinates.length + " values");
          }
          List<Particle> particles = new ArrayList<>();
          for (int i = 0; i < coordinates.length / 2; i++) {
            particles.add(new Particle(Vec2.of(coordinates[2 * i], coordinates[2 * i + 1]), 1.0));
          }
          double energy = 0;
          for (int i = 0; i < particles.size(); i++) {
            for (int j = i + 1; j < particles.size(); j++) {
              double r = particles.get(i).position().distanceTo(particles.get(j).position());
              double sr6 = Math.pow(sigma / r, 6);
              energy += 4 * epsilon * (sr6 * sr6 - sr6);
            }
          }
          return energy;
        }
      }
      """;

  @Test
  void particlesInAnArrayListFilledByAdd() {
    Compiled c = compile("p.Vec2", VEC2, "p.Particle", PARTICLE, "p.Cluster", CLUSTER);
    agrees(c, "p.Cluster", "lennardJonesEnergy", new double[] {0, 0, 1.1, 0.1, 0.4, 1.0, 1.3, 1.2}, 1.0, 1.0);
  }

  private static final String SPRING = """
      package p;

      public record Spring(int from, int to, double stiffness, double restLength) {
        public Spring {
          if (from == to) {
            throw new IllegalArgumentException("a spring needs two nodes: " + from);
          }
          if (stiffness <= 0 || restLength < 0) {
            throw new IllegalArgumentException("bad spring " + stiffness + ", " + restLength);
          }
        }

        public double energy(double[] xy) {
          double dx = xy[2 * to] - xy[2 * from];
          double dy = xy[2 * to + 1] - xy[2 * from + 1];
          double stretch = Math.hypot(dx, dy) - restLength;
          return 0.5 * stiffness * stretch * stretch;
        }
      }
      """;

  private static final String TRUSS = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;

      public final class Truss {
        private Truss() {}

        static final double NODE_MASS = 1.5;
        static final double DIAGONAL = Math.sqrt(2);

        static final List<Spring> MEMBERS = List.of(
            new Spring(0, 1, 100, 1),
            new Spring(1, 2, 100, 1),
            new Spring(0, 2, 50, DIAGONAL),
            new Spring(2, 3, 80, 1),
            new Spring(1, 3, 60, DIAGONAL));

        @Differentiable
        public static double potentialEnergy(double[] xy, double gravity) {
          double elastic = MEMBERS.stream().mapToDouble(s -> s.energy(xy)).sum();
          double weight = 0;
          for (int node = 0; node < xy.length / 2; node++) {
            weight += NODE_MASS * gravity * xy[2 * node + 1];
          }
          return elastic + weight;
        }
      }
      """;

  @Test
  void aTrussOfSpringRecordsInAConstantList() {
    Compiled c = compile("p.Spring", SPRING, "p.Truss", TRUSS);
    agrees(c, "p.Truss", "potentialEnergy", new double[] {0, 0, 1.05, 0.02, 0.97, 1.03, 1.9, 1.1}, 9.81);
  }

  private static final String LENGTH_UNIT = """
      package p;

      public enum LengthUnit {
        METRE(1.0),
        CENTIMETRE(0.01),
        FOOT(0.3048),
        INCH(0.0254);

        private final double metres;

        LengthUnit(double metres) {
          this.metres = metres;
        }

        public double toMetres(double value) {
          return value * metres;
        }

        public double fromMetres(double value) {
          return value / metres;
        }
      }
      """;

  private static final String LENGTH = """
      package p;

      import java.util.Objects;

      public record Length(double value, LengthUnit unit) {
        public Length {
          Objects.requireNonNull(unit, "unit");
          if (value < 0) {
            throw new IllegalArgumentException("negative length " + value + " " + unit);
          }
        }

        public static Length of(double value, LengthUnit unit) {
          return new Length(value, unit);
        }

        public double metres() {
          return unit.toMetres(value);
        }

        public Length to(LengthUnit target) {
          return new Length(target.fromMetres(metres()), target);
        }

        public Length plus(Length other) {
          return new Length(value + other.to(unit).value(), unit);
        }
      }
      """;

  private static final String PERIOD = """
      package p;

      import io.javagrad.Differentiable;

      public final class Period {
        private Period() {}

        static final double STANDARD_GRAVITY = 9.80665;

        @Differentiable
        public static double pendulumPeriodSeconds(double feet, double extraInches) {
          Length length = Length.of(feet, LengthUnit.FOOT).plus(Length.of(extraInches, LengthUnit.INCH));
          return 2 * Math.PI * Math.sqrt(length.metres() / STANDARD_GRAVITY);
        }
      }
      """;

  @Test
  void aLengthRecordCarryingItsUnitEnum() {
    Compiled c = compile("p.LengthUnit", LENGTH_UNIT, "p.Length", LENGTH, "p.Period", PERIOD);
    agrees(c, "p.Period", "pendulumPeriodSeconds", 3.0, 4.5);
  }

  private static final String PROJECTILE = """
      package p;

      import io.javagrad.Differentiable;

      public final class Projectile {
        private Projectile() {}

        static final double MASS = 0.45;
        static final Vec2 WIND = Vec2.of(-0.3, 0);

        @Differentiable
        public static double range(double speed, double angleDegrees, double dragCoefficient) {
          Vec2 position = Vec2.ZERO;
          Vec2 velocity = Vec2.polar(speed, Math.toRadians(angleDegrees));
          Vec2 gravity = Vec2.of(0, -9.81 * MASS);
          double dt = 0.01;
          while (true) {
            Vec2 drag = velocity.times(-dragCoefficient * velocity.length());
            Vec2 force = Vec2.sum(gravity, drag, WIND);
            Vec2 next = position.plus(velocity.times(dt));
            if (next.y() < 0) {
              double fraction = position.y() / (position.y() - next.y());
              return position.x() + fraction * (next.x() - position.x());
            }
            velocity = velocity.plus(force.times(dt / MASS));
            position = next;
          }
        }
      }
      """;

  @Test
  @Disabled("refused: velocity.times(...) gives a Vec2 that javagrad follows by its components, with no"
      + " object, and it is used here as an object; declare a local Vec2 with it (it is one: the use is"
      + " Vec2.sum(gravity, drag, WIND), varargs of records)")
  void aProjectileWithDragSummingForcesByVarargs() {
    Compiled c = compile("p.Vec2", VEC2, "p.Projectile", PROJECTILE);
    agrees(c, "p.Projectile", "range", 18.0, 38.0, 0.01);
  }

  private static final String WALL_LAYER = """
      package p;

      import java.util.Objects;

      public record WallLayer(String material, double thickness, double conductivity) {
        public WallLayer {
          Objects.requireNonNull(material, "material");
          if (thickness <= 0 || conductivity <= 0) {
            throw new IllegalArgumentException(material + ": thickness and conductivity must be positive");
          }
        }

        public double resistance() {
          return thickness / conductivity;
        }
      }
      """;

  private static final String WALL = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;

      public final class Wall {
        private Wall() {}

        static final double AREA = 12.5;
        static final double INSIDE_FILM = 0.13;
        static final double OUTSIDE_FILM = 0.04;

        @Differentiable
        public static double heatLossWatts(double insulationThickness, double insideTemp, double outsideTemp) {
          List<WallLayer> layers = List.of(
              new WallLayer("brick", 0.11, 0.72),
              new WallLayer("mineral wool", insulationThickness, 0.037),
              new WallLayer("plasterboard", 0.0125, 0.21));
          double resistance = INSIDE_FILM + OUTSIDE_FILM
              + layers.stream().mapToDouble(WallLayer::resistance).sum();
          return AREA * (insideTemp - outsideTemp) / resistance;
        }
      }
      """;

  @Test
  void aWallOfNamedLayersSummedByAStream() {
    Compiled c = compile("p.WallLayer", WALL_LAYER, "p.Wall", WALL);
    agrees(c, "p.Wall", "heatLossWatts", 0.1, 20.0, -3.0);
  }

  private static final String BEAM = """
      package p;

      /** A simply supported beam. */
      public final class Beam {
        private final double length;
        private final double youngsModulus;
        private final double secondMoment;

        private Beam(Builder builder) {
          this.length = builder.length;
          this.youngsModulus = builder.youngsModulus;
          this.secondMoment = builder.secondMoment;
        }

        public static Builder builder() {
          return new Builder();
        }

        /** Deflection at midspan under a central point load. */
        public double midspanDeflection(double load) {
          return load * length * length * length / (48 * youngsModulus * secondMoment);
        }

        public static final class Builder {
          private double length = 1;
          private double youngsModulus = 200e9;
          private double secondMoment = 1e-6;

          private Builder() {}

          public Builder length(double value) {
            this.length = value;
            return this;
          }

          public Builder youngsModulus(double value) {
            this.youngsModulus = value;
            return this;
          }

          public Builder secondMoment(double value) {
            this.secondMoment = value;
            return this;
          }

          public Beam build() {
            if (length <= 0 || youngsModulus <= 0 || secondMoment <= 0) {
              throw new IllegalStateException("incomplete beam");
            }
            return new Beam(this);
          }
        }
      }
      """;

  private static final String BEAMS = """
      package p;

      import io.javagrad.Differentiable;

      public final class Beams {
        private Beams() {}

        static final double STEEL = 210e9;

        @Differentiable
        public static double deflectionMillimetres(double span, double load, double height) {
          double width = 0.1;
          Beam beam = Beam.builder()
              .length(span)
              .youngsModulus(STEEL)
              .secondMoment(width * height * height * height / 12)
              .build();
          return 1000 * beam.midspanDeflection(load);
        }
      }
      """;

  @Test
  @Disabled("refused: span carries a derivative, but it is passed into Beam.builder().length(span)...build()"
      + " ...; length returns Builder, an object")
  void aBeamMadeByABuilder() {
    Compiled c = compile("p.Beam", BEAM, "p.Beams", BEAMS);
    agrees(c, "p.Beams", "deflectionMillimetres", 4.0, 12_000.0, 0.2);
  }

  private static final String BODY = """
      package p;

      public record Body(Vec3 position, Vec3 velocity, double mass) {
        public double kineticEnergy() {
          return 0.5 * mass * velocity.dot(velocity);
        }
      }
      """;

  private static final String NBODY = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;
      import java.util.Arrays;

      public final class NBody {
        private NBody() {}

        static final double G = 1.0;

        @Differentiable
        public static double totalEnergy(double[] state, @NoDerivative double[] masses) {
          int n = masses.length;
          if (state.length != 6 * n) {
            throw new IllegalArgumentException("need 6 values per body");
          }
          Body[] bodies = new Body[n];
          for (int i = 0; i < n; i++) {
            bodies[i] = new Body(Vec3.of(state, 6 * i), Vec3.of(state, 6 * i + 3), masses[i]);
          }
          double kinetic = Arrays.stream(bodies).mapToDouble(Body::kineticEnergy).sum();
          double potential = 0;
          for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
              double r = bodies[i].position().distanceTo(bodies[j].position());
              potential -= G * bodies[i].mass() * bodies[j].mass() / r;
            }
          }
          return kinetic + potential;
        }
      }
      """;

  @Test
  void bodiesInAnArrayOfRecordsFilledInALoop() {
    Compiled c = compile("p.Vec3", VEC3, "p.Body", BODY, "p.NBody", NBODY);
    agrees(c, "p.NBody", "totalEnergy",
        new double[] {0, 0, 0, 0, 0.1, 0, 1, 0, 0, 0, 1, 0.1, 0, 1.5, 0.2, -0.8, 0, 0}, new double[] {1.0, 0.01, 0.02});
  }

  private static final String COMPLEX = """
      package p;

      public record Complex(double re, double im) {
        public static final Complex ZERO = new Complex(0, 0);

        public static Complex of(double re, double im) {
          return new Complex(re, im);
        }

        public Complex plus(Complex o) {
          return new Complex(re + o.re, im + o.im);
        }

        public Complex times(Complex o) {
          return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
        }

        public Complex reciprocal() {
          double d = re * re + im * im;
          if (d == 0) {
            throw new ArithmeticException("reciprocal of zero");
          }
          return new Complex(re / d, -im / d);
        }

        public double abs() {
          return Math.hypot(re, im);
        }
      }
      """;

  private static final String ELEMENT = """
      package p;

      import java.util.List;

      /** A two-terminal circuit element. */
      public sealed interface Element permits Resistor, Capacitor, Inductor, Series, Parallel {
        Complex impedance(double omega);
      }

      record Resistor(double ohms) implements Element {
        public Complex impedance(double omega) {
          return Complex.of(ohms, 0);
        }
      }

      record Capacitor(double farads) implements Element {
        public Complex impedance(double omega) {
          return Complex.of(0, -1 / (omega * farads));
        }
      }

      record Inductor(double henries) implements Element {
        public Complex impedance(double omega) {
          return Complex.of(0, omega * henries);
        }
      }

      record Series(List<Element> parts) implements Element {
        Series {
          parts = List.copyOf(parts);
        }

        static Series of(Element... parts) {
          return new Series(List.of(parts));
        }

        public Complex impedance(double omega) {
          Complex total = Complex.ZERO;
          for (Element e : parts) {
            total = total.plus(e.impedance(omega));
          }
          return total;
        }
      }

      record Parallel(List<Element> parts) implements Element {
        Parallel {
          parts = List.copyOf(parts);
        }

        static Parallel of(Element... parts) {
          return new Parallel(List.of(parts));
        }

        public Complex impedance(double omega) {
          Complex admittance = Complex.ZERO;
          for (Element e : parts) {
            admittance = admittance.plus(e.impedance(omega).reciprocal());
          }
          return admittance.reciprocal();
        }
      }
      """;

  private static final String FILTER = """
      package p;

      import io.javagrad.Differentiable;

      public final class Filter {
        private Filter() {}

        static final double LOAD = 50;

        @Differentiable
        public static double attenuationDb(double resistance, double capacitance, double inductance, double omega) {
          Element filter = Series.of(new Resistor(resistance),
              Parallel.of(new Capacitor(capacitance), new Inductor(inductance)));
          Complex z = filter.impedance(omega);
          return 20 * Math.log10(z.abs() / LOAD);
        }
      }
      """;

  @Test
  @Disabled("refused: resistance carries a derivative, but it is passed into Series.of(new"
      + " Resistor(resistance), ...) ...; new Resistor(...) makes an object here, because the record is"
      + " used as one (records given to a varargs factory of a record with a List<Element> component)")
  void aCircuitOfSealedElementsComposedInSeriesAndParallel() {
    Compiled c = compile("p.Complex", COMPLEX, "p.Element", ELEMENT, "p.Filter", FILTER);
    agrees(c, "p.Filter", "attenuationDb", 120.0, 2.2e-6, 1.5e-3, 10_000.0);
  }

  // =============================================================================================
  // Machine learning
  // =============================================================================================

  private static final String ACTIVATION = """
      package p;

      import java.util.function.DoubleUnaryOperator;

      public enum Activation {
        IDENTITY(x -> x),
        RELU(x -> Math.max(0, x)),
        TANH(Math::tanh),
        SIGMOID(x -> 1 / (1 + Math.exp(-x))),
        SOFTPLUS(x -> x > 20 ? x : Math.log1p(Math.exp(x)));

        private final DoubleUnaryOperator function;

        Activation(DoubleUnaryOperator function) {
          this.function = function;
        }

        public double apply(double x) {
          return function.applyAsDouble(x);
        }
      }
      """;

  private static final String NEURON = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public final class Neuron {
        private Neuron() {}

        @Differentiable
        public static double output(double[] weights, double bias, @NoDerivative double[] input,
            Activation activation) {
          if (weights.length != input.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + input.length + " inputs");
          }
          double z = bias;
          for (int i = 0; i < weights.length; i++) {
            z = Math.fma(weights[i], input[i], z);
          }
          return activation.apply(z);
        }
      }
      """;

  @Test
  void aNeuronWithAnActivationEnumHoldingLambdas() {
    Compiled c = compile("p.Activation", ACTIVATION, "p.Neuron", NEURON);
    for (String name : List.of("IDENTITY", "RELU", "TANH", "SIGMOID", "SOFTPLUS")) {
      agrees(c, "p.Neuron", "output", new double[] {0.4, -0.3, 0.8}, 0.1, new double[] {1.0, 0.5, 0.7},
          constant(c, "p.Activation", name));
    }
    throwsAlike(c, "p.Neuron", "output", new double[] {0.4, -0.3}, 0.1, new double[] {1.0, 0.5, 0.7},
        constant(c, "p.Activation", "TANH"));
  }

  private static final String DENSE = """
      package p;

      import java.util.Objects;

      public record Dense(double[][] weights, double[] bias, Activation activation) {
        public Dense {
          Objects.requireNonNull(activation, "activation");
          if (weights.length != bias.length) {
            throw new IllegalArgumentException("one bias per output");
          }
        }

        public double[] forward(double[] x) {
          double[] out = new double[bias.length];
          for (int i = 0; i < out.length; i++) {
            double z = bias[i];
            for (int j = 0; j < x.length; j++) {
              z += weights[i][j] * x[j];
            }
            out[i] = activation.apply(z);
          }
          return out;
        }
      }
      """;

  private static final String MLP = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;
      import java.util.List;

      public final class Mlp {
        private Mlp() {}

        @Differentiable
        public static double loss(double[][] w1, double[] b1, double[][] w2, double[] b2,
            @NoDerivative double[] x, @NoDerivative double[] target) {
          List<Dense> network = List.of(new Dense(w1, b1, Activation.TANH), new Dense(w2, b2, Activation.IDENTITY));
          double[] h = x;
          for (Dense layer : network) {
            h = layer.forward(h);
          }
          double loss = 0;
          for (int i = 0; i < h.length; i++) {
            double d = h[i] - target[i];
            loss += d * d;
          }
          return loss / h.length;
        }
      }
      """;

  @Test
  @Disabled("refused: h names the parameter array x, which cannot be reassigned in a @Differentiable method"
      + " (double[] h = x; then h = layer.forward(h); with x.clone(), new Dense(w1, b1, Activation.TANH)"
      + " in List.of is refused next: a record with an enum component)")
  void aNetworkOfDenseLayerRecordsWithActivationComponents() {
    Compiled c = compile("p.Activation", ACTIVATION, "p.Dense", DENSE, "p.Mlp", MLP);
    agrees(c, "p.Mlp", "loss", new double[][] {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.7}}, new double[] {0.1, -0.1, 0.2},
        new double[][] {{0.6, -0.3, 0.9}}, new double[] {0.05}, new double[] {0.8, -0.5}, new double[] {0.3});
  }

  private static final String LINK = """
      package p;

      /** Link functions of a binary GLM, by their inverse. */
      public enum Link {
        LOGIT {
          @Override
          public double inverse(double eta) {
            return 1 / (1 + Math.exp(-eta));
          }
        },
        PROBIT {
          @Override
          public double inverse(double eta) {
            return normalCdf(eta);
          }
        },
        CLOGLOG {
          @Override
          public double inverse(double eta) {
            return -Math.expm1(-Math.exp(eta));
          }
        };

        public abstract double inverse(double eta);

        static double normalCdf(double x) {
          double t = 1 / (1 + 0.2316419 * Math.abs(x));
          double poly = t * (0.319381530
              + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
          double tail = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
          return x >= 0 ? 1 - tail : tail;
        }
      }
      """;

  private static final String GLM = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public final class Glm {
        private Glm() {}

        @Differentiable
        public static double bernoulliNll(double[] beta, @NoDerivative double[][] design,
            @NoDerivative double[] outcomes, Link link) {
          double nll = 0;
          for (int i = 0; i < outcomes.length; i++) {
            double eta = 0;
            for (int j = 0; j < beta.length; j++) {
              eta += design[i][j] * beta[j];
            }
            double p = link.inverse(eta);
            nll -= outcomes[i] == 1 ? Math.log(p) : Math.log1p(-p);
          }
          return nll;
        }
      }
      """;

  @Test
  void aBinaryGlmWithALinkEnumOfConstantBodies() {
    Compiled c = compile("p.Link", LINK, "p.Glm", GLM);
    for (String name : List.of("LOGIT", "PROBIT", "CLOGLOG")) {
      agrees(c, "p.Glm", "bernoulliNll", new double[] {0.2, -0.5},
          new double[][] {{1, 0.3}, {1, -1.2}, {1, 2.0}, {1, 0.7}}, new double[] {1, 0, 1, 0},
          constant(c, "p.Link", name));
    }
  }

  private static final String LOSSES = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Map;
      import java.util.function.DoubleBinaryOperator;

      public final class Losses {
        private Losses() {}

        static final Map<String, DoubleBinaryOperator> BY_NAME = Map.of(
            "mse", (p, y) -> (p - y) * (p - y),
            "logcosh", (p, y) -> Math.log(Math.cosh(p - y)),
            "huber", (p, y) -> {
              double r = Math.abs(p - y);
              return r <= 1 ? 0.5 * r * r : r - 0.5;
            });

        public static DoubleBinaryOperator named(String name) {
          DoubleBinaryOperator loss = BY_NAME.get(name);
          if (loss == null) {
            throw new IllegalArgumentException("unknown loss " + name + "; known: " + BY_NAME.keySet());
          }
          return loss;
        }

        static final double[] XS = {0.0, 0.5, 1.0, 1.5, 2.0, 2.5};
        static final double[] YS = {0.1, 0.9, 2.2, 2.8, 4.3, 4.9};

        @Differentiable
        public static double fitLoss(double slope, double intercept, String lossName) {
          DoubleBinaryOperator loss = named(lossName);
          double total = 0;
          for (int i = 0; i < XS.length; i++) {
            total += loss.applyAsDouble(slope * XS[i] + intercept, YS[i]);
          }
          return total / XS.length;
        }
      }
      """;

  @Test
  @Disabled("refused: slope carries a derivative, but it is passed into loss.applyAsDouble(...) ...; loss is"
      + " a DoubleBinaryOperator object that javagrad cannot see into (a function looked up in a"
      + " Map<String, DoubleBinaryOperator>)")
  void aLossLookedUpByNameInAMapOfLambdas() {
    Compiled c = compile("p.Losses", LOSSES);
    for (String name : List.of("mse", "logcosh", "huber")) {
      agrees(c, "p.Losses", "fitLoss", 1.7, 0.3, name);
    }
  }

  private static final String ADAM = """
      package p;

      /** The Adam optimiser, as a stateful object. */
      public final class Adam {
        private final double learningRate;
        private final double beta1;
        private final double beta2;
        private final double epsilon;
        private double[] m;
        private double[] v;
        private int t;

        public Adam(double learningRate) {
          this(learningRate, 0.9, 0.999, 1e-8);
        }

        public Adam(double learningRate, double beta1, double beta2, double epsilon) {
          if (learningRate <= 0) {
            throw new IllegalArgumentException("learning rate must be positive: " + learningRate);
          }
          this.learningRate = learningRate;
          this.beta1 = beta1;
          this.beta2 = beta2;
          this.epsilon = epsilon;
        }

        public void step(double[] params, double[] grad) {
          if (m == null) {
            m = new double[params.length];
            v = new double[params.length];
          }
          t++;
          for (int i = 0; i < params.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
            v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
            double mHat = m[i] / (1 - Math.pow(beta1, t));
            double vHat = v[i] / (1 - Math.pow(beta2, t));
            params[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
          }
        }
      }
      """;

  private static final String TRAINING = """
      package p;

      import io.javagrad.Differentiable;

      public final class Training {
        private Training() {}

        static final double[] X = {0.0, 0.5, 1.0, 1.5, 2.0};
        static final double[] Y = {1.0, 1.8, 3.1, 3.9, 5.2};

        /** Mean squared error of y = w x + b; writes its gradient into grad. */
        static double lossAndGradient(double[] params, double[] grad) {
          double loss = 0;
          grad[0] = 0;
          grad[1] = 0;
          for (int i = 0; i < X.length; i++) {
            double r = params[0] * X[i] + params[1] - Y[i];
            loss += r * r / X.length;
            grad[0] += 2 * r * X[i] / X.length;
            grad[1] += 2 * r / X.length;
          }
          return loss;
        }

        @Differentiable
        public static double lossAfterTraining(double learningRate, double w0, double b0) {
          double[] params = {w0, b0};
          double[] grad = new double[2];
          Adam optimizer = new Adam(learningRate);
          for (int epoch = 0; epoch < 25; epoch++) {
            lossAndGradient(params, grad);
            optimizer.step(params, grad);
          }
          return lossAndGradient(params, grad);
        }
      }
      """;

  @Test
  @Disabled("refused: writes to fields are not supported in a @Differentiable method: m = new"
      + " double[params.length] writes the field m (Adam.step, a stateful optimiser object)")
  void aHypergradientThroughAStatefulAdamObject() {
    Compiled c = compile("p.Adam", ADAM, "p.Training", TRAINING);
    agrees(c, "p.Training", "lossAfterTraining", 0.05, 0.2, -0.1);
  }

  private static final String PARAMS = """
      package p;

      public record Params(double w, double b) {
        public static final Params ZERO = new Params(0, 0);

        public Params plus(Params o) {
          return new Params(w + o.w, b + o.b);
        }

        public Params minus(Params o) {
          return new Params(w - o.w, b - o.b);
        }

        public Params times(double s) {
          return new Params(w * s, b * s);
        }
      }
      """;

  private static final String MOMENTUM_SGD = """
      package p;

      public record MomentumSgd(double learningRate, double momentum) {
        public MomentumSgd {
          if (learningRate <= 0) {
            throw new IllegalArgumentException("learning rate must be positive: " + learningRate);
          }
          if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
          }
        }

        public record Step(Params params, Params velocity) {}

        public Step update(Step current, Params gradient) {
          Params velocity = current.velocity().times(momentum).minus(gradient.times(learningRate));
          return new Step(current.params().plus(velocity), velocity);
        }
      }
      """;

  private static final String HYPER = """
      package p;

      import io.javagrad.Differentiable;

      public final class Hyper {
        private Hyper() {}

        static final double[] X = {0.0, 0.5, 1.0, 1.5, 2.0};
        static final double[] Y = {1.0, 1.8, 3.1, 3.9, 5.2};
        static final double[] VALIDATION_X = {0.25, 1.25, 2.25};
        static final double[] VALIDATION_Y = {1.4, 3.4, 5.6};

        static Params gradient(Params p) {
          double gw = 0;
          double gb = 0;
          for (int i = 0; i < X.length; i++) {
            double r = p.w() * X[i] + p.b() - Y[i];
            gw += 2 * r * X[i] / X.length;
            gb += 2 * r / X.length;
          }
          return new Params(gw, gb);
        }

        static double loss(Params p, double[] xs, double[] ys) {
          double sum = 0;
          for (int i = 0; i < xs.length; i++) {
            double r = p.w() * xs[i] + p.b() - ys[i];
            sum += r * r;
          }
          return sum / xs.length;
        }

        @Differentiable
        public static double validationLoss(double learningRate, double momentum) {
          var optimizer = new MomentumSgd(learningRate, momentum);
          var state = new MomentumSgd.Step(new Params(0.0, 0.0), Params.ZERO);
          for (int epoch = 0; epoch < 30; epoch++) {
            state = optimizer.update(state, gradient(state.params()));
          }
          return loss(state.params(), VALIDATION_X, VALIDATION_Y);
        }
      }
      """;

  @Test
  void momentumSgdOverImmutableParameterRecords() {
    Compiled c = compile("p.Params", PARAMS, "p.MomentumSgd", MOMENTUM_SGD, "p.Hyper", HYPER);
    agrees(c, "p.Hyper", "validationLoss", 0.05, 0.6);
    throwsAlike(c, "p.Hyper", "validationLoss", 0.05, 1.0);
    throwsAlike(c, "p.Hyper", "validationLoss", -0.05, 0.6);
  }

  private static final String SAMPLE = """
      package p;

      import java.util.Objects;

      public record Sample(double[] features, int label) {
        public Sample {
          Objects.requireNonNull(features, "features");
          if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1: " + label);
          }
        }
      }
      """;

  private static final String LOGISTIC = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;
      import java.util.ArrayList;
      import java.util.List;

      public final class Logistic {
        private Logistic() {}

        static double softplus(double z) {
          return z > 30 ? z : Math.log1p(Math.exp(z));
        }

        static double logLoss(double[] weights, double bias, Sample sample) {
          double z = bias;
          double[] x = sample.features();
          for (int j = 0; j < weights.length; j++) {
            z += weights[j] * x[j];
          }
          return sample.label() == 1 ? softplus(-z) : softplus(z);
        }

        @Differentiable
        public static double averageLogLoss(double[] weights, double bias, @NoDerivative double[][] features,
            int[] labels) {
          List<Sample> samples = new ArrayList<>();
          for (int i = 0; i < labels.length; i++) {
            samples.add(new Sample(features[i], labels[i]));
          }
          return samples.stream().mapToDouble(s -> logLoss(weights, bias, s)).average().orElseThrow();
        }
      }
      """;

  @Test
  void logisticRegressionOverAListOfSampleRecords() {
    Compiled c = compile("p.Sample", SAMPLE, "p.Logistic", LOGISTIC);
    agrees(c, "p.Logistic", "averageLogLoss", new double[] {0.4, -0.7}, 0.1,
        new double[][] {{0.5, 1.0}, {-1.0, 0.3}, {2.0, -0.4}, {0.1, 0.1}}, new int[] {1, 0, 1, 0});
    throwsAlike(c, "p.Logistic", "averageLogLoss", new double[] {0.4, -0.7}, 0.1,
        new double[][] {{0.5, 1.0}, {-1.0, 0.3}, {2.0, -0.4}, {0.1, 0.1}}, new int[] {1, 0, 2, 0});
  }

  private static final String KERNEL = """
      package p;

      public interface Kernel {
        double eval(double[] a, double[] b);

        static double squaredDistance(double[] a, double[] b) {
          if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " and " + b.length);
          }
          double sum = 0;
          for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
          }
          return sum;
        }
      }
      """;

  private static final String GAUSSIAN_KERNEL = """
      package p;

      public record GaussianKernel(double lengthScale) implements Kernel {
        public GaussianKernel {
          if (!(lengthScale > 0)) {
            throw new IllegalArgumentException("length scale must be positive: " + lengthScale);
          }
        }

        @Override
        public double eval(double[] a, double[] b) {
          return Math.exp(-Kernel.squaredDistance(a, b) / (2 * lengthScale * lengthScale));
        }
      }
      """;

  private static final String RBF_NETWORK = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public final class RbfNetwork {
        private RbfNetwork() {}

        static final double[][] CENTERS = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};

        @Differentiable
        public static double predict(double[] alphas, double lengthScale, @NoDerivative double[] query) {
          Kernel kernel = new GaussianKernel(lengthScale);
          double y = 0;
          for (int i = 0; i < CENTERS.length; i++) {
            y += alphas[i] * kernel.eval(CENTERS[i], query);
          }
          return y;
        }
      }
      """;

  @Test
  void anRbfNetworkWithAKernelRecordBehindAnInterface() {
    Compiled c = compile("p.Kernel", KERNEL, "p.GaussianKernel", GAUSSIAN_KERNEL, "p.RbfNetwork", RBF_NETWORK);
    agrees(c, "p.RbfNetwork", "predict", new double[] {0.5, -0.2, 0.8, 0.1}, 0.7, new double[] {0.3, 0.6});
    throwsAlike(c, "p.RbfNetwork", "predict", new double[] {0.5, -0.2, 0.8, 0.1}, -0.7, new double[] {0.3, 0.6});
    throwsAlike(c, "p.RbfNetwork", "predict", new double[] {0.5, -0.2, 0.8, 0.1}, 0.7, new double[] {0.3, 0.6, 0.1});
  }

  private static final String PENALTY = """
      package p;

      public sealed interface Penalty permits Penalty.L1, Penalty.L2, Penalty.ElasticNet {
        double value(double[] w);

        record L1(double lambda) implements Penalty {
          @Override
          public double value(double[] w) {
            double sum = 0;
            for (double x : w) {
              sum += Math.abs(x);
            }
            return lambda * sum;
          }
        }

        record L2(double lambda) implements Penalty {
          @Override
          public double value(double[] w) {
            double sum = 0;
            for (double x : w) {
              sum += x * x;
            }
            return 0.5 * lambda * sum;
          }
        }

        record ElasticNet(double lambda, double l1Ratio) implements Penalty {
          public ElasticNet {
            if (l1Ratio < 0 || l1Ratio > 1) {
              throw new IllegalArgumentException("l1Ratio must be in [0, 1]: " + l1Ratio);
            }
          }

          @Override
          public double value(double[] w) {
            return new L1(lambda * l1Ratio).value(w) + new L2(lambda * (1 - l1Ratio)).value(w);
          }
        }
      }
      """;

  private static final String RIDGE = """
      package p;

      import io.javagrad.Differentiable;

      public final class Ridge {
        private Ridge() {}

        static final double[][] X = {{1, 0.5}, {1, -0.3}, {1, 1.7}, {1, 0.9}};
        static final double[] Y = {1.2, 0.4, 2.9, 1.8};

        @Differentiable
        public static double objective(double[] w, Penalty penalty) {
          double dataTerm = 0;
          for (int i = 0; i < Y.length; i++) {
            double r = -Y[i];
            for (int j = 0; j < w.length; j++) {
              r += X[i][j] * w[j];
            }
            dataTerm += r * r;
          }
          return dataTerm / Y.length + penalty.value(w);
        }
      }
      """;

  @Test
  @Disabled("refused: w carries a derivative, but it is passed into penalty.value(w) ...; penalty is a"
      + " Penalty object that javagrad cannot see into (a parameter of a sealed interface implemented by"
      + " records)")
  void aRegularisedObjectiveGivenASealedPenalty() {
    Compiled c = compile("p.Penalty", PENALTY, "p.Ridge", RIDGE);
    agrees(c, "p.Ridge", "objective", new double[] {0.3, 1.1}, construct(c, "p.Penalty$L2", 0.1));
    agrees(c, "p.Ridge", "objective", new double[] {0.3, 1.1}, construct(c, "p.Penalty$L1", 0.1));
    agrees(c, "p.Ridge", "objective", new double[] {0.3, 1.1}, construct(c, "p.Penalty$ElasticNet", 0.1, 0.5));
  }

  // =============================================================================================
  // Statistics
  // =============================================================================================

  private static final String FITS = """
      package p;

      import io.javagrad.Differentiable;

      public final class Fits {
        private Fits() {}

        static final double[] WAITING_TIMES = {1.2, 0.7, 2.9, 1.6, 0.4, 3.3, 1.1, 2.2};

        @Differentiable
        public static double normalLogLikelihood(double mean, double sd) {
          Distribution model = new Normal(mean, sd);
          return model.logLikelihood(WAITING_TIMES);
        }
      }
      """;

  @Test
  void aLogLikelihoodByTheInterfacesDefaultMethod() {
    Compiled c = compile("p.Distribution", DISTRIBUTION, "p.Normal", NORMAL, "p.Fits", FITS);
    agrees(c, "p.Fits", "normalLogLikelihood", 1.5, 0.9);
  }

  private static final String MIXTURE = """
      package p;

      import java.util.List;
      import java.util.Objects;

      public record Mixture(List<Mixture.Component> components) implements Distribution {
        public record Component(double weight, Distribution distribution) {
          public Component {
            if (weight < 0) {
              throw new IllegalArgumentException("negative weight " + weight);
            }
            Objects.requireNonNull(distribution, "distribution");
          }
        }

        public Mixture {
          components = List.copyOf(components);
          double total = components.stream().mapToDouble(Component::weight).sum();
          if (Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("weights sum to " + total);
          }
        }

        @Override
        public double logPdf(double x) {
          double max = components.stream()
              .mapToDouble(c -> Math.log(c.weight()) + c.distribution().logPdf(x))
              .max()
              .orElseThrow();
          double sum = components.stream()
              .mapToDouble(c -> Math.exp(Math.log(c.weight()) + c.distribution().logPdf(x) - max))
              .sum();
          return max + Math.log(sum);
        }
      }
      """;

  private static final String MIXTURE_FIT = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;

      public final class MixtureFit {
        private MixtureFit() {}

        static final double[] DATA = {-1.3, -0.8, -1.1, 0.2, 2.1, 2.6, 1.9, 3.0};

        @Differentiable
        public static double logLikelihood(double weight, double mean1, double sd1, double mean2, double sd2) {
          Mixture model = new Mixture(List.of(
              new Mixture.Component(weight, new Normal(mean1, sd1)),
              new Mixture.Component(1 - weight, new Normal(mean2, sd2))));
          return model.logLikelihood(DATA);
        }
      }
      """;

  @Test
  @Disabled("refused: weight carries a derivative, but it is passed into new Mixture(List.of(new"
      + " Mixture.Component(weight, new Normal(mean1, sd1)), ...)) ...; new Mixture(...) makes an object"
      + " (a record with a List component, of records with an interface-typed component)")
  void aMixtureOfComponentsHeldInAList() {
    Compiled c = compile("p.Distribution", DISTRIBUTION, "p.Normal", NORMAL, "p.Mixture", MIXTURE, "p.MixtureFit",
        MIXTURE_FIT);
    agrees(c, "p.MixtureFit", "logLikelihood", 0.45, -1.0, 0.6, 2.3, 0.8);
  }

  private static final String GAUSSIAN_MIXTURE = """
      package p;

      import java.util.Arrays;

      public record GaussianMixture(double[] weights, double[] means, double[] sds) implements Distribution {
        public GaussianMixture {
          if (weights.length != means.length || means.length != sds.length) {
            throw new IllegalArgumentException("components differ in length");
          }
          double total = 0;
          for (double w : weights) {
            total += w;
          }
          if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("weights must sum to 1, got " + total);
          }
        }

        /** Weights by the softmax of logits, standard deviations by exp of their logs. */
        public static GaussianMixture ofLogits(double[] logits, double[] means, double[] logSds) {
          double max = Arrays.stream(logits).max().orElseThrow();
          double[] w = Arrays.stream(logits).map(l -> Math.exp(l - max)).toArray();
          double norm = Arrays.stream(w).sum();
          for (int k = 0; k < w.length; k++) {
            w[k] /= norm;
          }
          double[] sds = Arrays.stream(logSds).map(Math::exp).toArray();
          return new GaussianMixture(w, means, sds);
        }

        @Override
        public double logPdf(double x) {
          double[] terms = new double[weights.length];
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < weights.length; k++) {
            terms[k] = Math.log(weights[k]) + new Normal(means[k], sds[k]).logPdf(x);
            max = Math.max(max, terms[k]);
          }
          double sum = 0;
          for (double t : terms) {
            sum += Math.exp(t - max);
          }
          return max + Math.log(sum);
        }
      }
      """;

  private static final String GMM = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public final class Gmm {
        private Gmm() {}

        @Differentiable
        public static double negativeLogLikelihood(double[] logits, double[] means, double[] logSds,
            @NoDerivative double[] data) {
          GaussianMixture model = GaussianMixture.ofLogits(logits, means, logSds);
          return -model.logLikelihood(data);
        }
      }
      """;

  @Test
  void aGaussianMixtureRecordOfArraysMadeByAFactory() {
    Compiled c = compile("p.Distribution", DISTRIBUTION, "p.Normal", NORMAL, "p.GaussianMixture", GAUSSIAN_MIXTURE,
        "p.Gmm", GMM);
    agrees(c, "p.Gmm", "negativeLogLikelihood", new double[] {0.2, -0.1, 0.4}, new double[] {-1.0, 0.5, 2.4},
        new double[] {-0.5, -0.2, 0.1}, new double[] {-1.3, -0.8, 0.2, 0.7, 2.1, 2.6, 3.0});
  }

  private static final String POSTERIOR = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Map;

      public final class Posterior {
        private Posterior() {}

        static final Map<String, Normal> PRIORS = Map.of(
            "intercept", new Normal(0, 10),
            "slope", new Normal(0, 2.5),
            "logNoise", new Normal(-1, 1));

        static final double[] X = {0.1, 0.4, 0.9, 1.3, 1.8, 2.2};
        static final double[] Y = {0.9, 1.5, 2.4, 3.1, 4.2, 4.8};

        @Differentiable
        public static double logPosterior(double intercept, double slope, double logNoise) {
          double sigma = Math.exp(logNoise);
          double logPrior = PRIORS.get("intercept").logPdf(intercept)
              + PRIORS.get("slope").logPdf(slope)
              + PRIORS.get("logNoise").logPdf(logNoise);
          double logLikelihood = 0;
          for (int i = 0; i < X.length; i++) {
            logLikelihood += new Normal(intercept + slope * X[i], sigma).logPdf(Y[i]);
          }
          return logPrior + logLikelihood;
        }
      }
      """;

  @Test
  void aLogPosteriorWithPriorsLookedUpInAMap() {
    Compiled c = compile("p.Distribution", DISTRIBUTION, "p.Normal", NORMAL, "p.Posterior", POSTERIOR);
    agrees(c, "p.Posterior", "logPosterior", 0.7, 1.8, -1.2);
  }

  private static final String POISSON = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.stream.IntStream;

      public final class PoissonRegression {
        private PoissonRegression() {}

        static final int[] COUNTS = {2, 3, 6, 7, 8, 9, 10, 12, 15};
        static final double[] EXPOSURE = {0.1, 0.3, 0.5, 0.6, 0.8, 0.9, 1.1, 1.3, 1.6};

        static double logFactorial(int n) {
          double sum = 0;
          for (int k = 2; k <= n; k++) {
            sum += Math.log(k);
          }
          return sum;
        }

        @Differentiable
        public static double logLikelihood(double intercept, double slope) {
          return IntStream.range(0, COUNTS.length)
              .mapToDouble(i -> {
                double eta = intercept + slope * EXPOSURE[i];
                return COUNTS[i] * eta - Math.exp(eta) - logFactorial(COUNTS[i]);
              })
              .sum();
        }
      }
      """;

  @Test
  @Disabled("refused: intercept carries a derivative, but it is captured by a lambda or class in"
      + " IntStream.range(0, COUNTS.length).mapToDouble((i)->{ ... }).sum(), which javagrad runs as"
      + " written (a block lambda)")
  void aPoissonLikelihoodAsAStreamWithABlockLambda() {
    Compiled c = compile("p.PoissonRegression", POISSON);
    agrees(c, "p.PoissonRegression", "logLikelihood", 1.0, 1.2);
  }

  private static final String SPECIAL = """
      package p;

      public final class SpecialFunctions {
        private SpecialFunctions() {}

        private static final double G = 7;
        private static final double[] LANCZOS = {
          0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
          -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
          1.5056327351493116e-7
        };

        public static double logGamma(double x) {
          if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
          }
          x -= 1;
          double a = LANCZOS[0];
          double t = x + G + 0.5;
          for (int i = 1; i < LANCZOS.length; i++) {
            a += LANCZOS[i] / (x + i);
          }
          return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
        }
      }
      """;

  private static final String STUDENT_T = """
      package p;

      public record StudentT(double location, double scale, double dof) implements Distribution {
        public StudentT {
          if (scale <= 0 || dof <= 0) {
            throw new IllegalArgumentException("scale and dof must be positive: " + scale + ", " + dof);
          }
        }

        @Override
        public double logPdf(double x) {
          double z = (x - location) / scale;
          return SpecialFunctions.logGamma((dof + 1) / 2) - SpecialFunctions.logGamma(dof / 2)
              - 0.5 * Math.log(dof * Math.PI) - Math.log(scale) - (dof + 1) / 2 * Math.log1p(z * z / dof);
        }
      }
      """;

  private static final String ROBUST_LOCATION = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Optional;

      public final class RobustLocation {
        private RobustLocation() {}

        static final double[] RETURNS = {0.01, -0.02, 0.005, 0.07, -0.11, 0.012, 0.0, -0.004, 0.03};

        @Differentiable
        public static double objective(double location, double logScale, double dof, Optional<Normal> locationPrior) {
          var model = new StudentT(location, Math.exp(logScale), dof);
          double logPrior = locationPrior.map(prior -> prior.logPdf(location)).orElse(0.0);
          return model.logLikelihood(RETURNS) + logPrior;
        }
      }
      """;

  @Test
  @Disabled("refused: location carries a derivative, but it is passed into new StudentT(location,"
      + " Math.exp(logScale), dof) ...; new StudentT(...) makes an object here (default method"
      + " logLikelihood(double...)); then location captured by the lambda in locationPrior.map(prior ->"
      + " prior.logPdf(location)).orElse(0.0)")
  void aStudentTLikelihoodWithAnOptionalPrior() {
    Compiled c = compile("p.Distribution", DISTRIBUTION, "p.Normal", NORMAL, "p.SpecialFunctions", SPECIAL,
        "p.StudentT", STUDENT_T, "p.RobustLocation", ROBUST_LOCATION);
    agrees(c, "p.RobustLocation", "objective", 0.003, -3.5, 4.0, Optional.empty());
    agrees(c, "p.RobustLocation", "objective", 0.003, -3.5, 4.0, Optional.of(construct(c, "p.Normal", 0.0, 0.05)));
  }

  private static final String KDE = """
      package p;

      import java.util.Arrays;

      public record KernelDensity(double[] sample, double bandwidth) {
        public KernelDensity {
          if (sample.length < 2) {
            throw new IllegalArgumentException("need at least two points");
          }
          if (bandwidth <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive: " + bandwidth);
          }
        }

        private static double gaussian(double u) {
          return Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
        }

        public double density(double x) {
          return Arrays.stream(sample).map(s -> gaussian((x - s) / bandwidth)).sum() / (sample.length * bandwidth);
        }
      }
      """;

  private static final String BANDWIDTH = """
      package p;

      import io.javagrad.Differentiable;
      import io.javagrad.NoDerivative;

      public final class Bandwidth {
        private Bandwidth() {}

        /** Leave-one-out log-likelihood of a Gaussian KDE. */
        @Differentiable
        public static double leaveOneOutScore(double bandwidth, @NoDerivative double[] data) {
          var kde = new KernelDensity(data, bandwidth);
          double selfWeight = 1 / Math.sqrt(2 * Math.PI);
          double score = 0;
          for (double x : data) {
            double loo = (data.length * kde.density(x) - selfWeight / bandwidth) / (data.length - 1);
            score += Math.log(loo);
          }
          return score / data.length;
        }
      }
      """;

  @Test
  void aKernelDensityRecordWhoseDensityIsAStream() {
    Compiled c = compile("p.KernelDensity", KDE, "p.Bandwidth", BANDWIDTH);
    agrees(c, "p.Bandwidth", "leaveOneOutScore", 0.6, new double[] {-1.3, -0.8, 0.2, 0.7, 1.1, 2.1, 2.6, 3.0});
    throwsAlike(c, "p.Bandwidth", "leaveOneOutScore", 0.0, new double[] {-1.3, -0.8, 0.2, 0.7, 1.1, 2.1, 2.6, 3.0});
    throwsAlike(c, "p.Bandwidth", "leaveOneOutScore", 0.6, new double[] {1.1});
  }

  private static final String ROBUST_LOSS = """
      package p;

      public enum RobustLoss {
        SQUARED {
          @Override
          public double rho(double r, double c) {
            return 0.5 * r * r;
          }
        },
        HUBER {
          @Override
          public double rho(double r, double c) {
            double a = Math.abs(r);
            return a <= c ? 0.5 * r * r : c * (a - 0.5 * c);
          }
        },
        CAUCHY {
          @Override
          public double rho(double r, double c) {
            double u = r / c;
            return 0.5 * c * c * Math.log1p(u * u);
          }
        },
        TUKEY {
          @Override
          public double rho(double r, double c) {
            if (Math.abs(r) >= c) {
              return c * c / 6;
            }
            double u = 1 - (r / c) * (r / c);
            return c * c / 6 * (1 - u * u * u);
          }
        };

        public abstract double rho(double residual, double tuning);

        public double defaultTuning() {
          return switch (this) {
            case SQUARED -> 1.0;
            case HUBER -> 1.345;
            case CAUCHY -> 2.385;
            case TUKEY -> 4.685;
          };
        }
      }
      """;

  private static final String ROBUST_FIT = """
      package p;

      import io.javagrad.Differentiable;

      public final class RobustFit {
        private RobustFit() {}

        static final double[] X = {0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0};
        static final double[] Y = {0.2, 1.1, 1.9, 3.2, 9.0, 5.1, 5.8};

        @Differentiable
        public static double loss(double intercept, double slope, RobustLoss loss) {
          double c = loss.defaultTuning();
          double total = 0;
          for (int i = 0; i < X.length; i++) {
            total += loss.rho(Y[i] - (intercept + slope * X[i]), c);
          }
          return total;
        }
      }
      """;

  @Test
  void aRobustRegressionWithALossEnumOfConstantBodies() {
    Compiled c = compile("p.RobustLoss", ROBUST_LOSS, "p.RobustFit", ROBUST_FIT);
    for (String name : List.of("SQUARED", "HUBER", "CAUCHY", "TUKEY")) {
      agrees(c, "p.RobustFit", "loss", 0.1, 1.9, constant(c, "p.RobustLoss", name));
    }
  }

  private static final String REGIME = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Arrays;
      import java.util.EnumMap;
      import java.util.Map;

      public final class RegimeSwitching {
        private RegimeSwitching() {}

        public enum Regime { CALM, TURBULENT }

        static final double[] RETURNS = {0.01, -0.004, 0.03, -0.06, 0.05, -0.002, 0.008, -0.045, 0.002};

        @Differentiable
        public static double logLikelihood(double calmVol, double turbulentVol, double stay) {
          Map<Regime, Distribution> emission = new EnumMap<>(Regime.class);
          emission.put(Regime.CALM, new Normal(0, calmVol));
          emission.put(Regime.TURBULENT, new Normal(0, turbulentVol));
          Regime[] regimes = Regime.values();
          double[] alpha = new double[regimes.length];
          for (Regime r : regimes) {
            alpha[r.ordinal()] = emission.get(r).pdf(RETURNS[0]) / regimes.length;
          }
          double logLik = 0;
          for (int t = 1; t < RETURNS.length; t++) {
            double scale = Arrays.stream(alpha).sum();
            logLik += Math.log(scale);
            double[] next = new double[regimes.length];
            for (Regime to : regimes) {
              double inflow = 0;
              for (Regime from : regimes) {
                inflow += alpha[from.ordinal()] / scale * (from == to ? stay : 1 - stay);
              }
              next[to.ordinal()] = inflow * emission.get(to).pdf(RETURNS[t]);
            }
            alpha = next;
          }
          return logLik + Math.log(Arrays.stream(alpha).sum());
        }
      }
      """;

  @Test
  @Disabled("refused: calmVol carries a derivative, but it is passed into emission.put(Regime.CALM, new"
      + " Normal(0, calmVol)); ...; new Normal(...) makes an object here (records put into an EnumMap)")
  void aRegimeSwitchingModelWithEmissionsInAnEnumMap() {
    Compiled c = compile("p.Distribution", DISTRIBUTION, "p.Normal", NORMAL, "p.RegimeSwitching", REGIME);
    agrees(c, "p.RegimeSwitching", "logLikelihood", 0.012, 0.05, 0.9);
  }

  // =============================================================================================
  // Geometry and graphics
  // =============================================================================================

  private static final String POLYGONS = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.ArrayList;
      import java.util.List;

      public final class Polygons {
        private Polygons() {}

        @Differentiable
        public static double area(double[] xy) {
          List<Vec2> vertices = new ArrayList<>(xy.length / 2);
          for (int i = 0; i + 1 < xy.length; i += 2) {
            vertices.add(Vec2.of(xy[i], xy[i + 1]));
          }
          double twiceArea = 0;
          for (int i = 0; i < vertices.size(); i++) {
            twiceArea += vertices.get(i).cross(vertices.get((i + 1) % vertices.size()));
          }
          return Math.abs(twiceArea) / 2;
        }
      }
      """;

  @Test
  void aPolygonsVerticesCollectedInAList() {
    Compiled c = compile("p.Vec2", VEC2, "p.Polygons", POLYGONS);
    agrees(c, "p.Polygons", "area", new double[] {0, 0, 2.1, 0.1, 2.4, 1.6, 0.9, 2.2, -0.2, 1.0});
  }

  private static final String RAY = """
      package p;

      import java.util.Objects;

      public record Ray(Vec3 origin, Vec3 direction) {
        public Ray {
          Objects.requireNonNull(origin, "origin");
          direction = direction.normalized();
        }

        public Vec3 at(double t) {
          return origin.plus(direction.times(t));
        }
      }
      """;

  private static final String HIT = """
      package p;

      public record Hit(double distance, Vec3 point, Vec3 normal) {}
      """;

  private static final String SPHERE = """
      package p;

      import java.util.Optional;

      public record Sphere(Vec3 center, double radius) {
        public Sphere {
          if (radius <= 0) {
            throw new IllegalArgumentException("radius must be positive: " + radius);
          }
        }

        public Optional<Hit> intersect(Ray ray) {
          Vec3 oc = ray.origin().minus(center);
          double b = oc.dot(ray.direction());
          double c = oc.dot(oc) - radius * radius;
          double disc = b * b - c;
          if (disc < 0) {
            return Optional.empty();
          }
          double t = -b - Math.sqrt(disc);
          if (t < 1e-9) {
            return Optional.empty();
          }
          Vec3 p = ray.at(t);
          return Optional.of(new Hit(t, p, p.minus(center).times(1 / radius)));
        }
      }
      """;

  private static final String SHADING = """
      package p;

      import io.javagrad.Differentiable;

      public final class Shading {
        private Shading() {}

        static final double BACKGROUND = 0.05;

        @Differentiable
        public static double lambert(double radius, double lightX, double lightY) {
          var sphere = new Sphere(Vec3.of(0, 0, -5), radius);
          var ray = new Ray(Vec3.ZERO, Vec3.of(0.1, 0.05, -1));
          Vec3 light = Vec3.of(lightX, lightY, 2).normalized();
          return sphere.intersect(ray)
              .map(hit -> Math.max(0, hit.normal().dot(light)))
              .orElse(BACKGROUND);
        }
      }
      """;

  @Test
  @Disabled("refused: sphere holds a Sphere that javagrad follows by its components, with no object, and"
      + " code it runs as written takes it whole here; a new object of its components would run the"
      + " compact constructor of Sphere again (sphere.intersect(ray) returns Optional<Hit>)")
  void aRayHitReturnedAsAnOptional() {
    Compiled c = compile("p.Vec3", VEC3, "p.Ray", RAY, "p.Hit", HIT, "p.Sphere", SPHERE, "p.Shading", SHADING);
    agrees(c, "p.Shading", "lambert", 1.2, 0.5, 0.8);
  }

  private static final String BEZIER = """
      package p;

      import java.util.Objects;

      public record CubicBezier(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3) {
        public CubicBezier {
          Objects.requireNonNull(p0, "p0");
          Objects.requireNonNull(p1, "p1");
          Objects.requireNonNull(p2, "p2");
          Objects.requireNonNull(p3, "p3");
        }

        public CubicBezier withP1(Vec2 p) {
          return new CubicBezier(p0, p, p2, p3);
        }

        public CubicBezier withP2(Vec2 p) {
          return new CubicBezier(p0, p1, p, p3);
        }

        public Vec2 pointAt(double t) {
          double u = 1 - t;
          double b0 = u * u * u;
          double b1 = 3 * u * u * t;
          double b2 = 3 * u * t * t;
          double b3 = t * t * t;
          return Vec2.of(
              Math.fma(b0, p0.x(), Math.fma(b1, p1.x(), Math.fma(b2, p2.x(), b3 * p3.x()))),
              Math.fma(b0, p0.y(), Math.fma(b1, p1.y(), Math.fma(b2, p2.y(), b3 * p3.y()))));
        }

        public double length(int segments) {
          double total = 0;
          Vec2 previous = p0;
          for (int i = 1; i <= segments; i++) {
            Vec2 next = pointAt((double) i / segments);
            total += previous.distanceTo(next);
            previous = next;
          }
          return total;
        }
      }
      """;

  private static final String CURVES = """
      package p;

      import io.javagrad.Differentiable;

      public final class Curves {
        private Curves() {}

        static final CubicBezier BASE = new CubicBezier(Vec2.ZERO, Vec2.of(1, 0), Vec2.of(2, 0), Vec2.of(3, 1));

        @Differentiable
        public static double arcLength(double c1x, double c1y, double c2x, double c2y) {
          return BASE.withP1(Vec2.of(c1x, c1y)).withP2(Vec2.of(c2x, c2y)).length(64);
        }
      }
      """;

  @Test
  void aBezierCurvesLengthAfterWithCopies() {
    Compiled c = compile("p.Vec2", VEC2, "p.CubicBezier", BEZIER, "p.Curves", CURVES);
    agrees(c, "p.Curves", "arcLength", 0.8, 1.2, 2.1, -0.6);
  }

  private static final String MESH = """
      package p;

      import io.javagrad.Differentiable;

      public final class Mesh {
        private Mesh() {}

        static final int[][] FACES = {{0, 1, 2}, {0, 2, 3}, {0, 3, 1}, {1, 3, 2}};

        @Differentiable
        public static double surfaceArea(double[] coordinates) {
          Vec3[] vertices = new Vec3[coordinates.length / 3];
          for (int i = 0; i < vertices.length; i++) {
            vertices[i] = Vec3.of(coordinates[3 * i], coordinates[3 * i + 1], coordinates[3 * i + 2]);
          }
          double area = 0;
          for (int[] face : FACES) {
            Vec3 a = vertices[face[0]];
            Vec3 b = vertices[face[1]];
            Vec3 c = vertices[face[2]];
            area += 0.5 * b.minus(a).cross(c.minus(a)).length();
          }
          return area;
        }
      }
      """;

  @Test
  void aMeshsVerticesInAnArrayOfRecords() {
    Compiled c = compile("p.Vec3", VEC3, "p.Mesh", MESH);
    agrees(c, "p.Mesh", "surfaceArea", new double[] {0, 0, 0, 1.1, 0, 0.1, 0.2, 0.9, 0, 0.3, 0.4, 1.2});
  }

  private static final String SDF = """
      package p;

      @FunctionalInterface
      public interface Sdf {
        double distance(Vec2 p);

        static Sdf circle(Vec2 center, double radius) {
          return p -> p.distanceTo(center) - radius;
        }

        static Sdf box(Vec2 center, Vec2 halfSize) {
          return p -> {
            double dx = Math.abs(p.x() - center.x()) - halfSize.x();
            double dy = Math.abs(p.y() - center.y()) - halfSize.y();
            double outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
            return outside + Math.min(Math.max(dx, dy), 0);
          };
        }

        default Sdf union(Sdf other) {
          return p -> Math.min(distance(p), other.distance(p));
        }

        static Sdf unionOf(Sdf... shapes) {
          Sdf result = shapes[0];
          for (int i = 1; i < shapes.length; i++) {
            result = result.union(shapes[i]);
          }
          return result;
        }
      }
      """;

  private static final String SCENE = """
      package p;

      import io.javagrad.Differentiable;

      public final class Scene {
        private Scene() {}

        @Differentiable
        public static double clearance(double radius, double boxWidth, double px) {
          Sdf scene = Sdf.unionOf(
              Sdf.circle(Vec2.of(0, 0), radius),
              Sdf.circle(Vec2.of(3, 0), 0.5 * radius),
              Sdf.box(Vec2.of(0, 3), Vec2.of(boxWidth, 0.5)));
          return scene.distance(Vec2.of(px, 1.2));
        }
      }
      """;

  @Test
  @Disabled("refused: radius carries a derivative, but it is passed into Sdf.unionOf(Sdf.circle(Vec2.of(0,"
      + " 0), radius), ...) ...; circle returns Sdf, an object (static interface factories returning"
      + " lambdas, composed by a default method)")
  void signedDistanceFunctionsComposedAsLambdas() {
    Compiled c = compile("p.Vec2", VEC2, "p.Sdf", SDF, "p.Scene", SCENE);
    agrees(c, "p.Scene", "clearance", 0.8, 1.0, 0.9);
  }

  private static final String CAMERA = """
      package p;

      import java.util.Objects;

      public record Camera(Vec3 position, double focalLength, double cx, double cy) {
        public Camera {
          Objects.requireNonNull(position, "position");
          if (focalLength <= 0) {
            throw new IllegalArgumentException("focal length must be positive: " + focalLength);
          }
        }

        public Camera withPosition(Vec3 newPosition) {
          return new Camera(newPosition, focalLength, cx, cy);
        }

        public Camera withFocalLength(double newFocalLength) {
          return new Camera(position, newFocalLength, cx, cy);
        }

        public Vec2 project(Vec3 world) {
          Vec3 rel = world.minus(position);
          if (rel.z() <= 0) {
            throw new IllegalArgumentException("point behind the camera: " + world);
          }
          return Vec2.of(cx + focalLength * rel.x() / rel.z(), cy + focalLength * rel.y() / rel.z());
        }
      }
      """;

  private static final String REPROJECTION = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;

      public final class Reprojection {
        private Reprojection() {}

        static final List<Vec3> LANDMARKS = List.of(
            Vec3.of(0.0, 0.0, 1.0), Vec3.of(1.0, 0.2, 1.5), Vec3.of(-0.8, 0.5, 2.0), Vec3.of(0.3, -0.7, 1.2));
        static final double[][] OBSERVED = {{321.0, 238.5}, {452.1, 262.8}, {226.4, 301.7}, {359.8, 152.3}};

        @Differentiable
        public static double error(double tx, double ty, double tz, double focal) {
          Camera camera = new Camera(Vec3.ZERO, 800, 320, 240)
              .withPosition(Vec3.of(tx, ty, tz))
              .withFocalLength(focal);
          double sum = 0;
          for (int i = 0; i < LANDMARKS.size(); i++) {
            Vec2 predicted = camera.project(LANDMARKS.get(i));
            Vec2 residual = predicted.minus(Vec2.of(OBSERVED[i][0], OBSERVED[i][1]));
            sum += residual.dot(residual);
          }
          return sum;
        }
      }
      """;

  @Test
  void aCameraRecordProjectingAConstantListOfLandmarks() {
    Compiled c = compile("p.Vec2", VEC2, "p.Vec3", VEC3, "p.Camera", CAMERA, "p.Reprojection", REPROJECTION);
    agrees(c, "p.Reprojection", "error", 0.01, -0.02, -4.0, 790.0);
    throwsAlike(c, "p.Reprojection", "error", 0.01, -0.02, 1.5, 790.0);
    throwsAlike(c, "p.Reprojection", "error", 0.01, -0.02, -4.0, -790.0);
  }

  private static final String SHAPE = """
      package p;

      public sealed interface Shape permits Circle, Rectangle, Triangle {}
      """;

  private static final String CIRCLE = """
      package p;

      public record Circle(Vec2 center, double radius) implements Shape {}
      """;

  private static final String RECTANGLE = """
      package p;

      public record Rectangle(Vec2 corner, double width, double height) implements Shape {}
      """;

  private static final String TRIANGLE = """
      package p;

      public record Triangle(Vec2 a, Vec2 b, Vec2 c) implements Shape {}
      """;

  private static final String AREAS = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.List;

      public final class Areas {
        private Areas() {}

        static final double CANVAS = 16;

        static double area(Shape shape) {
          if (shape instanceof Circle c) {
            return Math.PI * c.radius() * c.radius();
          } else if (shape instanceof Rectangle r) {
            return r.width() * r.height();
          } else if (shape instanceof Triangle t) {
            return 0.5 * Math.abs(t.b().minus(t.a()).cross(t.c().minus(t.a())));
          }
          throw new IllegalStateException("unexpected shape " + shape);
        }

        @Differentiable
        public static double coverage(double radius, double width, double apexY) {
          List<Shape> shapes = List.of(
              new Circle(Vec2.ZERO, radius),
              new Rectangle(Vec2.of(2, 0), width, 1.5),
              new Triangle(Vec2.of(0, 3), Vec2.of(2, 3), Vec2.of(1, apexY)));
          return shapes.stream().mapToDouble(Areas::area).sum() / CANVAS;
        }
      }
      """;

  @Test
  void sealedShapesSummedByAStreamOverAListOf() {
    Compiled c = compile("p.Vec2", VEC2, "p.Shape", SHAPE, "p.Circle", CIRCLE, "p.Rectangle", RECTANGLE,
        "p.Triangle", TRIANGLE, "p.Areas", AREAS);
    agrees(c, "p.Areas", "coverage", 0.9, 1.2, 4.5);
  }

  // =============================================================================================
  // Operations research
  // =============================================================================================

  private static final String FACILITY = """
      package p;

      import java.util.Objects;

      public record Facility(String name, double fixedCost, double unitCost, double capacity) {
        static final double OVERTIME = 0.8;

        public Facility {
          Objects.requireNonNull(name, "name");
          if (capacity <= 0) {
            throw new IllegalArgumentException(name + ": capacity must be positive");
          }
        }

        public double operatingCost(double volume) {
          double overflow = volume - capacity;
          double overtime = overflow > 0 ? OVERTIME * overflow * overflow : 0;
          return fixedCost + unitCost * volume + overtime;
        }
      }
      """;

  private static final String NETWORK = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Arrays;
      import java.util.List;
      import java.util.Map;

      public final class Network {
        private Network() {}

        static final List<String> SITES = List.of("Rotterdam", "Hamburg", "Antwerp");
        static final Map<String, Facility> FACILITIES = Map.of(
            "Rotterdam", new Facility("Rotterdam", 12_000, 4.2, 900),
            "Hamburg", new Facility("Hamburg", 9_500, 4.8, 700),
            "Antwerp", new Facility("Antwerp", 8_000, 5.1, 600));
        static final Map<String, Double> TRANSPORT = Map.of("Rotterdam", 1.1, "Hamburg", 1.6, "Antwerp", 0.9);
        static final double DEMAND = 2_000;
        static final double SHORTAGE_PENALTY = 0.05;

        @Differentiable
        public static double cost(double[] volumes) {
          if (volumes.length != SITES.size()) {
            throw new IllegalArgumentException("one volume per site");
          }
          double cost = 0;
          for (int i = 0; i < SITES.size(); i++) {
            String site = SITES.get(i);
            Facility facility = FACILITIES.get(site);
            cost += facility.operatingCost(volumes[i]) + TRANSPORT.get(site) * volumes[i];
          }
          double shortfall = DEMAND - Arrays.stream(volumes).sum();
          return cost + SHORTAGE_PENALTY * shortfall * shortfall;
        }
      }
      """;

  @Test
  void aFacilityNetworkWithFacilitiesLookedUpInAMap() {
    Compiled c = compile("p.Facility", FACILITY, "p.Network", NETWORK);
    agrees(c, "p.Network", "cost", new double[] {950.0, 600.0, 500.0});
    throwsAlike(c, "p.Network", "cost", new double[] {950.0, 600.0});
  }

  private static final String SHIPPING = """
      package p;

      public enum ShippingMode {
        ROAD(120.0, 0.02),
        RAIL(300.0, 0.01),
        AIR(90.0, 0.08) {
          @Override
          public double orderCost(double quantity) {
            return fixedCost() + perUnit() * quantity + FUEL_SURCHARGE * Math.sqrt(quantity);
          }
        };

        static final double FUEL_SURCHARGE = 4.0;

        private final double fixedCost;
        private final double perUnit;

        ShippingMode(double fixedCost, double perUnit) {
          this.fixedCost = fixedCost;
          this.perUnit = perUnit;
        }

        public double fixedCost() {
          return fixedCost;
        }

        public double perUnit() {
          return perUnit;
        }

        public double orderCost(double quantity) {
          return fixedCost + perUnit * quantity;
        }
      }
      """;

  private static final String EOQ = """
      package p;

      import io.javagrad.Differentiable;

      public final class Eoq {
        private Eoq() {}

        static final double ANNUAL_DEMAND = 12_000;
        static final double UNIT_VALUE = 25;

        @Differentiable
        public static double annualCost(double orderQuantity, double holdingRate, ShippingMode mode) {
          if (orderQuantity <= 0) {
            throw new IllegalArgumentException("order quantity must be positive: " + orderQuantity);
          }
          double orders = ANNUAL_DEMAND / orderQuantity;
          return orders * mode.orderCost(orderQuantity) + 0.5 * orderQuantity * holdingRate * UNIT_VALUE;
        }
      }
      """;

  @Test
  void anEoqCostWithShippingModesOneOverridingItsCost() {
    Compiled c = compile("p.ShippingMode", SHIPPING, "p.Eoq", EOQ);
    for (String name : List.of("ROAD", "RAIL", "AIR")) {
      agrees(c, "p.Eoq", "annualCost", 450.0, 0.2, constant(c, "p.ShippingMode", name));
    }
    throwsAlike(c, "p.Eoq", "annualCost", -450.0, 0.2, constant(c, "p.ShippingMode", "AIR"));
  }

  private static final String DEMAND = """
      package p;

      public record Demand(double mean, double sd) {
        public Demand {
          if (sd <= 0) {
            throw new IllegalArgumentException("sd must be positive: " + sd);
          }
        }

        public double pdf(double x) {
          double z = (x - mean) / sd;
          return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
        }
      }
      """;

  private static final String QUADRATURE = """
      package p;

      import java.util.function.DoubleUnaryOperator;

      public final class Quadrature {
        private Quadrature() {}

        public static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
          if (n % 2 != 0) {
            throw new IllegalArgumentException("n must be even: " + n);
          }
          double h = (b - a) / n;
          double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
          for (int i = 1; i < n; i++) {
            sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(a + i * h);
          }
          return sum * h / 3;
        }
      }
      """;

  private static final String NEWSVENDOR = """
      package p;

      import io.javagrad.Differentiable;

      public final class Newsvendor {
        private Newsvendor() {}

        static final double HOLDING = 1.5;
        static final double SHORTAGE = 6.0;

        @Differentiable
        public static double expectedCost(double orderQuantity, double meanDemand, double sdDemand) {
          var demand = new Demand(meanDemand, sdDemand);
          double lo = Math.max(0, demand.mean() - 6 * demand.sd());
          double hi = demand.mean() + 6 * demand.sd();
          double overage = Quadrature.simpson(x -> (orderQuantity - x) * demand.pdf(x), lo, orderQuantity, 200);
          double underage = Quadrature.simpson(x -> (x - orderQuantity) * demand.pdf(x), orderQuantity, hi, 200);
          return HOLDING * overage + SHORTAGE * underage;
        }
      }
      """;

  @Test
  void aNewsvendorsExpectedCostByQuadratureOfARecordsDensity() {
    Compiled c = compile("p.Demand", DEMAND, "p.Quadrature", QUADRATURE, "p.Newsvendor", NEWSVENDOR);
    agrees(c, "p.Newsvendor", "expectedCost", 120.0, 100.0, 20.0);
    throwsAlike(c, "p.Newsvendor", "expectedCost", 120.0, 100.0, -20.0);
  }

  private static final String STAFFING = """
      package p;

      import io.javagrad.Differentiable;
      import java.util.Objects;
      import java.util.stream.IntStream;

      public final class Staffing {
        private Staffing() {}

        public record Server(double serviceRate) {
          public Server {
            if (serviceRate <= 0) {
              throw new IllegalArgumentException("service rate must be positive: " + serviceRate);
            }
          }
        }

        public record Plan(int agents, Server server) {
          public Plan {
            Objects.requireNonNull(server, "server");
            if (agents < 1) {
              throw new IllegalArgumentException("need at least one agent");
            }
          }
        }

        static final double WAGE = 30;
        static final double WAITING_COST = 90;

        static double factorial(int n) {
          return IntStream.rangeClosed(2, n).asDoubleStream().reduce(1, (x, y) -> x * y);
        }

        /** The probability that an arrival waits, in an M/M/c queue with offered load a. */
        static double erlangC(int c, double a) {
          double sum = IntStream.range(0, c).mapToDouble(k -> Math.pow(a, k) / factorial(k)).sum();
          double top = Math.pow(a, c) / factorial(c) * c / (c - a);
          return top / (sum + top);
        }

        @Differentiable
        public static double hourlyCost(double arrivalRate, double serviceRate, int agents) {
          var plan = new Plan(agents, new Server(serviceRate));
          double load = arrivalRate / plan.server().serviceRate();
          if (load >= plan.agents()) {
            throw new IllegalArgumentException("unstable queue: load " + load + " for " + agents + " agents");
          }
          double waitProbability = erlangC(plan.agents(), load);
          double meanWait = waitProbability / (plan.agents() * plan.server().serviceRate() - arrivalRate);
          return WAGE * plan.agents() + WAITING_COST * arrivalRate * meanWait;
        }
      }
      """;

  @Test
  void erlangCStaffingWithAPlanRecordHoldingAServerRecord() {
    Compiled c = compile("p.Staffing", STAFFING);
    agrees(c, "p.Staffing", "hourlyCost", 42.0, 6.5, 8);
  }

  private static final String INVENTORY_COST = """
      package p;

      /** Costs of one period of an inventory plan. */
      public final class InventoryCost {
        private final double holdingCost;
        private final double backorderCost;
        private final double setupCost;

        public InventoryCost(double holdingCost, double backorderCost, double setupCost) {
          if (holdingCost < 0 || backorderCost < 0 || setupCost < 0) {
            throw new IllegalArgumentException("costs must not be negative");
          }
          this.holdingCost = holdingCost;
          this.backorderCost = backorderCost;
          this.setupCost = setupCost;
        }

        private static double softplus(double x) {
          return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
        }

        public double periodCost(double inventory, boolean ordered) {
          double holding = holdingCost * softplus(inventory);
          double backorder = backorderCost * softplus(-inventory);
          return holding + backorder + (ordered ? setupCost : 0);
        }
      }
      """;

  private static final String PLAN = """
      package p;

      import io.javagrad.Differentiable;

      public final class InventoryPlan {
        private InventoryPlan() {}

        static final double SETUP = 50;
        static final double INITIAL = 20;
        static final double[] DEMAND = {30, 45, 25, 60, 40, 35};

        @Differentiable
        public static double cost(double holding, double backorder, double[] orders) {
          var costs = new InventoryCost(holding, backorder, SETUP);
          double inventory = INITIAL;
          double total = 0;
          for (int t = 0; t < DEMAND.length; t++) {
            inventory += orders[t] - DEMAND[t];
            total += costs.periodCost(inventory, orders[t] > 0);
          }
          return total;
        }
      }
      """;

  @Test
  @Disabled("refused: holding carries a derivative, but it is passed into new InventoryCost(holding,"
      + " backorder, SETUP) ...; new InventoryCost(...) makes an object (a final class with private"
      + " final fields)")
  void anInventoryPlanCostedByAFinalClassWithFinalFields() {
    Compiled c = compile("p.InventoryCost", INVENTORY_COST, "p.InventoryPlan", PLAN);
    agrees(c, "p.InventoryPlan", "cost", 0.5, 4.0, new double[] {40, 30, 50, 0, 55, 30});
  }
}
