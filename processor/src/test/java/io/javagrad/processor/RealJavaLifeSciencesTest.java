package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.RecordValue;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.stream.Stream;

/**
 * Life sciences (corpus/LifeSciences.java): the Bateman function of an oral dose (its ka = ke limit
 * is not checked: differences cross the limit's 1e-9 band), superposition over a dose schedule
 * that breaks at the first later dose, a trough with a steady-state early return, a
 * two-compartment bolus, a linear-up log-down AUC, SIR and SEIR by RK4 with arrays per stage, a
 * Michaelis-Menten loss, the Hill equation, growth residuals over an enum of laws (their Jacobian)
 * and their loss, Lotka-Volterra by Heun with a checked step, and a Leslie matrix projected and
 * its growth rate by power iteration; an epidemic's final size by Newton in a while (true), a
 * birth-death extinction time by Gillespie with a seeded Random, a dose-response model chosen by a
 * String switch with a yield, a varargs helper, a kinetic law held in a static final lambda, a
 * peak over a trajectory kept as double[][] rows, and a genome's fitness by a char switch that
 * falls through; SIR again, its rates a lambda given to an RK4 helper through a functional interface
 * of the class's own; a regimen of dose records in a list, their route an enum switched on with a
 * yield, the time a decay falls below a threshold, interpolated at a labelled break, a logistic
 * population whose rate is an anonymous class given to Heun's method, and a multi-exponential AUC
 * by Simpson given a block lambda over two array parameters.
 */
class RealJavaLifeSciencesTest extends RealJavaDomainTest {
  private static final double[] DOSE_TIMES = {0.0, 12.0, 24.0, 36.0};
  private static final double[] DOSES = {100.0, 80.0, 100.0, 120.0};
  private static final double[] SUBSTRATE = {0.5, 1.0, 2.0, 4.0, 8.0, 16.0};
  private static final double[] RATES = {0.52, 0.83, 1.15, 1.42, 1.71, 1.86};
  private static final double[] GROWTH_TIMES = {0.0, 1.0, 2.0, 4.0, 6.0, 9.0};
  private static final double[] COUNTS = {10.0, 18.0, 31.0, 70.0, 92.0, 99.0};
  private static final double[] FECUNDITY = {0.0, 1.5, 1.2};
  private static final double[] SURVIVAL = {0.5, 0.8};

  private static final Point ORAL = at("oralConcentration", "absorbing", 100.0, 20.0, 1.2, 0.25, 3.0);
  private static final Point SCHEDULE = at("scheduledConcentration", "before the last dose", DOSE_TIMES, DOSES,
      30.0, 0.1, 30.0);
  private static final Point TROUGH = at("troughConcentration", "fifth dose", 100.0, 30.0, 0.1, 12.0, 5);
  private static final Point TWO_COMPARTMENT = at("twoCompartment", "four hours", 100.0, 10.0, 0.3, 0.5, 0.2,
      4.0);
  private static final Point AUC = at("areaUnderCurve", "rise then fall", new double[] {0, 1, 2, 4, 8, 12},
      new double[] {0.0, 8.0, 10.0, 7.0, 3.0, 1.2});
  private static final Point SIR = at("sirAttackRate", "sixty days", 0.4, 0.1, 0.01, 60.0, 120);
  private static final Point MICHAELIS = at("michaelisMentenLoss", "six rates", 2.0, 1.5, SUBSTRATE, RATES);
  private static final Point HILL = at("hillResponse", "above EC50", 3.0, 1.0, 10.0, 2.0, 1.5);
  private static final Point LOTKA = at("lotkaVolterraPrey", "ten time units", 1.1, 0.4, 0.1, 0.4, 10.0, 5.0,
      10.0, 0.05);
  private static final Point LESLIE = at("projectedPopulation", "ten years", FECUNDITY, SURVIVAL,
      new double[] {100.0, 50.0, 20.0}, 10);
  private static final Point GROWTH_RATE = at("growthRate", "three classes", FECUNDITY, SURVIVAL);
  private static final Point FINAL_SIZE = at("epidemicFinalSize", "r0 2.5", 2.5);
  private static final Point EXTINCTION = at("extinctionTime", "subcritical", 0.8, 1.2, 5, 42L);
  private static final Point WASHOUT = at("triExponentialWashout", "two hours", 2.0, 1.5, 0.4, 0.05);
  private static final Point UPTAKE = at("transporterUptake", "half saturated", 2.0, 5.0);
  private static final Point PEAK = at("peakPrevalence", "eighty steps", 0.6, 0.2, 0.1, 80);
  private static final Point SIR_LAMBDA = at("sirRecovered", "fifty days", 0.4, 0.1, 0.01, 50.0);
  private static final List<RecordValue> REGIMEN = List.of(dose(0.0, 100.0, "IV_BOLUS", 0.0),
      dose(6.0, 200.0, "ORAL", 0.0), dose(12.0, 150.0, "INFUSION", 2.0));
  private static final Point REGIMEN_DURING = at("regimenConcentration", "during the infusion", REGIMEN, 30.0, 0.15,
      1.1, 13.0);
  private static final Point TIME_BELOW = at("timeBelow", "between samples", 100.0, 0.3, 20.0,
      new double[] {0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 12.0});
  private static final Point LOGISTIC_ODE = at("logisticPopulation", "ten days", 0.3, 50.0, 5.0, 10.0);
  private static final Point MULTI_AUC = at("multiExponentialAuc", "two phases", new double[] {2.0, 1.0},
      new double[] {1.5, 0.2}, 12.0);
  private static final Point FITNESS = at("genomeLogFitness", "eight bases", "ACGTTAGC", 1.1, 0.95);

  private static RecordValue dose(double time, double amount, String route, double duration) {
    return record("LifeSciences$Dose", time, amount, constant("LifeSciences$Route", route), duration);
  }

  private static EnumConstant law(String name) {
    return constant("LifeSciences$GrowthModel", name);
  }

  private static Point growthLoss(String law, double rate) {
    return at("growthLoss", law.toLowerCase(java.util.Locale.ROOT), law(law), rate, 100.0, 10.0, GROWTH_TIMES,
        COUNTS);
  }

  @Override
  String owner() {
    return "LifeSciences";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        ORAL,
        at("oralConcentration", "before the dose", 100.0, 20.0, 1.2, 0.25, -1.0),
        SCHEDULE,
        at("scheduledConcentration", "after every dose", DOSE_TIMES, DOSES, 30.0, 0.1, 40.0),
        TROUGH,
        at("troughConcentration", "steady state", 100.0, 30.0, 0.1, 12.0, 60),
        TWO_COMPARTMENT,
        AUC,
        SIR,
        MICHAELIS,
        HILL,
        at("hillResponse", "below EC50", 1.0, 1.0, 10.0, 2.0, 1.5),
        at("hillResponse", "no drug", -1.0, 1.0, 10.0, 2.0, 1.5),
        growthLoss("LOGISTIC", 0.8),
        growthLoss("GOMPERTZ", 0.5),
        growthLoss("MONOMOLECULAR", 0.3),
        LOTKA,
        LESLIE,
        GROWTH_RATE,
        FINAL_SIZE,
        at("epidemicFinalSize", "below threshold", 0.8),
        EXTINCTION,
        at("doseResponse", "emax", "Emax", 2.0, 10.0, 3.0),
        at("doseResponse", "linear", "linear", 2.0, 10.0, 3.0),
        at("doseResponse", "log-linear", "LOG-LINEAR", 2.0, 10.0, 3.0),
        WASHOUT,
        UPTAKE,
        PEAK,
        FITNESS,
        SIR_LAMBDA,
        REGIMEN_DURING,
        at("regimenConcentration", "after the infusion", REGIMEN, 30.0, 0.15, 1.1, 20.0),
        TIME_BELOW,
        LOGISTIC_ODE,
        MULTI_AUC);
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(ORAL, SCHEDULE, TROUGH, TWO_COMPARTMENT, AUC, SIR, MICHAELIS, HILL, growthLoss("GOMPERTZ", 0.5),
        LOTKA, LESLIE, GROWTH_RATE, FINAL_SIZE, EXTINCTION, WASHOUT, UPTAKE, PEAK, FITNESS, SIR_LAMBDA, REGIMEN_DURING,
        TIME_BELOW, LOGISTIC_ODE, MULTI_AUC);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(
        at("seirState", "thirty days", 0.5, 0.2, 0.1, 0.01, 30.0, 60),
        at("growthResiduals", "logistic", law("LOGISTIC"), 0.8, 100.0, 10.0, GROWTH_TIMES, COUNTS),
        at("growthResiduals", "gompertz", law("GOMPERTZ"), 0.5, 100.0, 10.0, GROWTH_TIMES, COUNTS));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("oralConcentration", "no volume", IllegalArgumentException.class, "volume must be positive, got 0.000",
            100.0, 0.0, 1.2, 0.25, 3.0),
        throwing("scheduledConcentration", "lengths differ", IllegalArgumentException.class,
            "schedule has 4 times but 3 doses", DOSE_TIMES, new double[] {1.0, 2.0, 3.0}, 30.0, 0.1, 30.0),
        throwing("scheduledConcentration", "unsorted", IllegalArgumentException.class,
            "dose times must be sorted: 10.0 after 12.0", new double[] {0.0, 12.0, 10.0, 36.0}, DOSES, 30.0, 0.1,
            40.0),
        throwing("troughConcentration", "no dose", IllegalArgumentException.class, "need at least one dose, got 0",
            100.0, 30.0, 0.1, 12.0, 0),
        throwing("twoCompartment", "no volume", IllegalArgumentException.class,
            "central volume must be positive, got -1.000", 100.0, -1.0, 0.3, 0.5, 0.2, 4.0),
        throwing("sirAttackRate", "no steps", IllegalArgumentException.class, "steps must be positive: 0",
            0.4, 0.1, 0.01, 60.0, 0),
        throwing("hillResponse", "no EC50", IllegalArgumentException.class, "EC50 must be positive, got 0.000",
            3.0, 1.0, 10.0, 0.0, 1.5),
        throwing("growthLoss", "no capacity", IllegalArgumentException.class,
            "carrying capacity must be positive, got 0.000", law("LOGISTIC"), 0.8, 0.0, 10.0, GROWTH_TIMES, COUNTS),
        throwing("lotkaVolterraPrey", "step too long", IllegalArgumentException.class, "step 0.600 outside (0, 0.5]",
            1.1, 0.4, 0.1, 0.4, 10.0, 5.0, 10.0, 0.6),
        throwing("lotkaVolterraPrey", "step does not divide", IllegalArgumentException.class,
            "step 0.3 does not divide the horizon 10.0", 1.1, 0.4, 0.1, 0.4, 10.0, 5.0, 10.0, 0.3),
        throwing("projectedPopulation", "survival missing", IllegalArgumentException.class,
            "need 2 survival rates for 3 age classes, got 1", FECUNDITY, new double[] {0.5},
            new double[] {100.0, 50.0, 20.0}, 10),
        throwing("growthRate", "survival missing", IllegalArgumentException.class,
            "need 2 survival rates for 3 age classes, got 3", FECUNDITY, new double[] {0.5, 0.8, 0.1}),
        throwing("extinctionTime", "supercritical", IllegalArgumentException.class,
            "the process dies out surely only if death 1.00 exceeds birth 1.50", 1.5, 1.0, 5, 42L),
        throwing("doseResponse", "unknown model", IllegalArgumentException.class,
            "unknown dose-response model 'hill'", "hill", 2.0, 10.0, 3.0),
        throwing("genomeLogFitness", "not a base", IllegalArgumentException.class, "not a base: 'X'", "ACGX", 1.1,
            0.95),
        throwing("seirState", "no recovery", IllegalArgumentException.class,
            "rates must be positive: sigma 0.2, gamma 0.0", 0.5, 0.2, 0.0, 0.01, 30.0, 60),
        throwing("growthResiduals", "no capacity", IllegalArgumentException.class,
            "carrying capacity must be positive, got 0.000", law("LOGISTIC"), 0.8, 0.0, 10.0, GROWTH_TIMES, COUNTS),
        throwing("multiExponentialAuc", "a rate missing", IllegalArgumentException.class,
            "2 coefficients but 1 rates", new double[] {2.0, 1.0}, new double[] {1.5}, 12.0));
  }
}
