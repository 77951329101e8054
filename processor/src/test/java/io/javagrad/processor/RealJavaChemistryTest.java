package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.constants;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Chemistry and thermodynamics (corpus/Chemistry.java, with corpus/HeatCapacityModel.java):
 * Peng-Robinson and SRK compressibilities by Newton and deflation with root selection in a switch
 * expression that yields from a for-each, and by Cardano's trigonometric solution; pure and mixture
 * fugacity coefficients with kij mixing rules; a Rachford-Rice flash (early returns, a safeguarded
 * Newton, formatted argument checks), its compositions and phase amounts as vectors, and a
 * Peng-Robinson flash by successive substitution over both; RK4 and Heun over double[] states with
 * stage arrays allocated in the loop, in-place helpers and a rate law given as a lambda;
 * equilibrium constants from a private NASA table indexed by enum ordinals, an equilibrium extent
 * and a buffer pH by bisection then Newton, a Gibbs Lagrangian over an enum's atom table, a flame
 * temperature and a van der Waals volume by Newton (do/while); Antoine and Wagner pressures, a
 * bubble temperature through enum instance methods given the active temperature; NRTL and Wilson
 * models over double[][] matrices with a record whose method builds tau(T); and library idioms:
 * a switch with fall-through, a labelled continue, varargs, a nested utility class, an
 * interface's static methods, a method reference, StrictMath, assert, a switch on strings, var,
 * a List and a Map of enum constants, in-place normalisation of parameter rows, table
 * interpolation by floor and by binary search, and a formula parser in a static initializer's table.
 */
class RealJavaChemistryTest extends RealJavaDomainTest {
  private static final double[] Z = {0.3, 0.4, 0.3};
  private static final double[] K_TWO_PHASE = {3.0, 1.1, 0.2};
  private static final double[][] KIJ = {{0.0, 0.02}, {0.02, 0.0}};
  private static final double[][] TAU2 = {{0.0, 0.8}, {1.2, 0.0}};
  private static final double[][] ALPHA2 = {{0.0, 0.3}, {0.3, 0.0}};
  private static final double[][] TAU3 = {{0.0, 0.8, -0.2}, {1.2, 0.0, 0.5}, {0.4, 0.9, 0.0}};
  private static final double[][] ALPHA3 = {{0.0, 0.3, 0.2}, {0.3, 0.0, 0.47}, {0.2, 0.47, 0.0}};
  private static final double[] WAGNER_WATER = {-7.77224, 1.45684, -2.71942, -1.41336};
  private static final double[] TEMPERATURES = {500, 550, 600, 650};
  private static final double[] RATES = {0.5, 2.3, 9.1, 30.2};
  private static final double[] ELEMENTS = {1.0, 2.2, 2.2};

  private static final Point PROPANE_VAPOUR = at("compressibility", "PR vapour", 300.0, 5e5, species("PROPANE"),
      family("PENG_ROBINSON"), phase("VAPOUR"));
  private static final Point SERIES = at("seriesIntermediate", "sixty steps", new double[] {1.0, 0.0, 0.05}, 1.2,
      0.4, 3.0, 60);
  private static final Point RATE = at("rateConstant", "600 K", 1e10, 0.5, 8e4, 600.0);
  private static final Point LH = at("langmuirHinshelwoodRate", "500 K", 1.5, 0.8, 10.0, 5e4, 0.7, 1.3, 500.0);
  private static final Point ANTOINE = at("antoinePressure", "water", 4.6543, 1435.264, -64.848, 350.0);
  private static final Point WAGNER = at("wagnerPressure", "water", WAGNER_WATER, 647.3, 220.48e5, 373.0);
  private static final Point WILSON = at("wilsonExcessGibbs", "binary", new double[] {0.3, 0.7},
      new double[][] {{1.0, 0.5}, {0.8, 1.0}});
  private static final Point MIXING = at("idealMixingEntropy", "three components", (Object) new double[] {0.2, 0.3,
      0.5});
  private static final Point VDW = at("vanDerWaalsPressure", "nitrogen", 300.0, 0.0224, 0.137, 3.87e-5);
  private static final Point FLASH = at("vapourFraction", "two phases", Z, K_TWO_PHASE);
  private static final Point SRK_CARDANO = at("srkVapourZ", "three real roots", 300.0, 5e5, species("PROPANE"));
  private static final Point LORENTZ_BERTHELOT = at("lorentzBerthelotC6", "argon and krypton", 3.4, 3.6, 120.0,
      171.0);
  private static final Point NITROGEN = at("nitrogenSensibleEnthalpy", "300 to 800 K", 300.0, 800.0);
  private static final Point ENTROPY_CHANGE = at("idealGasEntropyChange", "compression", 300.0, 1e5, 450.0, 5e5,
      29.1);
  private static final Point AMOUNTS = at("mixingEntropyOfAmounts", "three", (Object) new double[] {1.0, 2.0, 0.5});
  private static final Point PH = at("bufferPh", "half neutralised", 0.1, 0.05, 4.76);

  @Override
  String owner() {
    return "Chemistry";
  }

  @Override
  List<String> alsoCompiled() {
    return List.of("HeatCapacityModel");
  }

  private static EnumConstant species(String name) {
    return constant("Chemistry$Species", name);
  }

  private static EnumConstant family(String name) {
    return constant("Chemistry$CubicFamily", name);
  }

  private static EnumConstant phase(String name) {
    return constant("Chemistry$Phase", name);
  }

  private static EnumConstant reaction(String name) {
    return constant("Chemistry$Reaction", name);
  }

  private static Object speciesArray(String... names) {
    return constants("Chemistry$Species", names);
  }

  private static Object gases(String... names) {
    return constants("Chemistry$Gas", names);
  }

  private static Object nrtl(double[][] a, double[][] b, double[][] alpha) {
    return record("Chemistry$NrtlParameters", a, b, alpha);
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        PROPANE_VAPOUR,
        at("compressibility", "PR liquid", 300.0, 20e5, species("PROPANE"), family("PENG_ROBINSON"), phase("LIQUID")),
        at("compressibility", "SRK supercritical", 250.0, 50e5, species("METHANE"), family("SOAVE_REDLICH_KWONG"),
            phase("VAPOUR")),
        at("lnFugacityCoefficient", "PR vapour", 300.0, 5e5, species("PROPANE"), family("PENG_ROBINSON"),
            phase("VAPOUR")),
        at("lnFugacityCoefficient", "SRK liquid", 300.0, 10e5, species("N_BUTANE"), family("SOAVE_REDLICH_KWONG"),
            phase("LIQUID")),
        at("mixtureLnFugacity", "vapour, heavy component", 300.0, 30e5, new double[] {0.6, 0.4},
            speciesArray("METHANE", "PROPANE"), KIJ, 1, phase("VAPOUR")),
        at("mixtureLnFugacity", "liquid, light component", 280.0, 20e5, new double[] {0.1, 0.9},
            speciesArray("METHANE", "PROPANE"), KIJ, 0, phase("LIQUID")),
        FLASH,
        at("vapourFraction", "subcooled", Z, new double[] {1.5, 0.8, 0.2}),
        at("vapourFraction", "superheated", Z, new double[] {5.0, 3.0, 1.5}),
        RATE,
        at("arrheniusFitLoss", "four rates", 20.0, 7e4, TEMPERATURES, RATES),
        LH,
        SERIES,
        at("adiabaticBatchConversion", "warming", 25.0, 1e5, 50.0, 450.0, 5.0, 200, 2000.0),
        at("lnEquilibriumConstant", "shift", reaction("WATER_GAS_SHIFT"), 1200.0),
        at("lnEquilibriumConstant", "reforming", reaction("STEAM_REFORMING"), 1100.0),
        at("equilibriumExtent", "shift", reaction("WATER_GAS_SHIFT"), new double[] {1.0, 1.5, 0.1, 0.2}, 1100.0, 1e5),
        at("equilibriumExtent", "reforming", reaction("STEAM_REFORMING"), new double[] {1.0, 3.0, 0.0, 0.1}, 1050.0,
            5e5),
        at("gibbsLagrangian", "shift mixture", new double[] {0.4, 0.6, 0.6, 0.5}, new double[] {-20.0, -5.0, -30.0},
            gases("CO", "H2O", "CO2", "H2"), ELEMENTS, 1200.0, 2e5),
        at("adiabaticFlameTemperature", "lean methane", new double[] {1.0, 4.0, 0.0, 0.0},
            new double[] {0.0, 2.0, 1.0, 2.0}, gases("CH4", "O2", "CO2", "H2O"), 1100.0),
        PH,
        at("bufferPh", "little base", 0.1, 0.001, 4.76),
        ANTOINE,
        WAGNER,
        at("bubbleTemperature", "propane and butane", 5e5, new double[] {0.4, 0.6},
            speciesArray("PROPANE", "N_BUTANE")),
        at("nrtlExcessGibbs", "ternary", new double[] {0.2, 0.5, 0.3}, TAU3, ALPHA3),
        at("modifiedRaoultBubblePressure", "propane and butane", 320.0, new double[] {0.4, 0.6},
            speciesArray("PROPANE", "N_BUTANE"),
            nrtl(new double[][] {{0.0, 0.3}, {0.2, 0.0}}, new double[][] {{0.0, 100.0}, {150.0, 0.0}}, ALPHA2)),
        WILSON,
        MIXING,
        at("pitzerVirialZ", "propane", 350.0, 5e5, species("PROPANE")),
        VDW,
        at("heunSeriesIntermediate", "fifty steps", 1.2, 0.4, 3.0),
        at("powerLawRate", "third order", 0.7, 1.3, 3),
        at("powerLawRate", "first order", 0.7, 1.3, 1),
        at("powerLawRate", "zeroth order", 0.7, 1.3, 0),
        at("unpoisonedCapacity", "one pellet poisoned", (Object) new double[][] {{1.0, 2.0}, {-1.0, 3.0}, {0.5, 0.5}}),
        SRK_CARDANO,
        at("srkVapourZ", "one real root", 250.0, 50e5, species("METHANE")),
        at("vanDerWaalsVolume", "carbon dioxide", 300.0, 20.0, 3.64, 0.04267),
        at("ptFlash", "methane and propane", 250.0, 30e5, new double[] {0.5, 0.5}, speciesArray("METHANE", "PROPANE"),
            KIJ),
        at("polynomialHeatCapacity", "cubic", new double[] {28.9, 1.8, -0.9, 0.2}, 800.0),
        LORENTZ_BERTHELOT,
        NITROGEN,
        at("modelHeatCapacityRatio", "linear", 300.0, constant("HeatCapacityModel", "LINEAR")),
        at("modelHeatCapacityRatio", "saturating", 300.0, constant("HeatCapacityModel", "SATURATING")),
        ENTROPY_CHANGE,
        at("speedOfSound", "air", 300.0, 1.4, 0.02897),
        at("log10PressureInBar", "bar", 2.0, "bar"),
        at("log10PressureInBar", "atm", 2.0, "atm"),
        at("log10PressureInBar", "Pa", 2e5, "Pa"),
        at("kayReducedTemperature", "propane and ethane", 300.0, List.of(species("PROPANE"), species("ETHANE"))),
        at("raoultPressure", "propane and butane", 300.0, Map.of(species("PROPANE"), 0.4, species("N_BUTANE"), 0.6)),
        at("phaseMixingEntropy", "vapour", new double[] {0.2, 0.8}, new double[] {0.5, 0.3, 0.2}, phase("VAPOUR")),
        at("phaseMixingEntropy", "liquid", new double[] {0.2, 0.8}, new double[] {0.5, 0.3, 0.2}, phase("LIQUID")),
        AMOUNTS,
        at("regularSolutionExcess", "unnormalised", new double[] {1.0, 3.0}, 2.5),
        at("compositionDeterminant", "two streams", (Object) new double[][] {{1.0, 2.0}, {3.0, 4.0}}),
        at("steamPressureLogLinear", "between 350 and 400 K", 375.0),
        at("steamPressureLinear", "between 400 and 450 K", 420.0),
        at("massFraction", "water in a gas", new double[] {1.0, 2.0, 0.5}, new String[] {"CH4", "H2O", "CO2"}, 1),
        at("lnKFromEnthalpyAndEntropy", "exothermic", -4e4, -80.0, 350.0),
        at("daltonTotal", "three gases", (Object) new double[] {0.2, 0.5, 0.3}),
        at("legacySecondOrderRate", "two reactions", new double[] {1.5, 0.7}, new double[][] {{0.3, 0.4}, {0.2, 0.9}}),
        at("chapmanEnskogViscosity", "carbon monoxide", 400.0, record("Chemistry$LennardJones", 3.69, 91.7, 28.01)));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(SERIES, RATE, LH, ANTOINE, WAGNER, WILSON, MIXING, VDW, FLASH, PH, SRK_CARDANO,
        LORENTZ_BERTHELOT, NITROGEN, ENTROPY_CHANGE, AMOUNTS,
        at("heunSeriesIntermediate", "fifty steps", 1.2, 0.4, 3.0),
        at("powerLawRate", "third order", 0.7, 1.3, 3),
        at("unpoisonedCapacity", "one pellet poisoned", (Object) new double[][] {{1.0, 2.0}, {-1.0, 3.0}, {0.5, 0.5}}),
        at("vanDerWaalsVolume", "carbon dioxide", 300.0, 20.0, 3.64, 0.04267),
        at("polynomialHeatCapacity", "cubic", new double[] {28.9, 1.8, -0.9, 0.2}, 800.0),
        at("speedOfSound", "air", 300.0, 1.4, 0.02897),
        at("regularSolutionExcess", "unnormalised", new double[] {1.0, 3.0}, 2.5),
        at("compositionDeterminant", "two streams", (Object) new double[][] {{1.0, 2.0}, {3.0, 4.0}}),
        at("steamPressureLogLinear", "between 350 and 400 K", 375.0),
        at("steamPressureLinear", "between 400 and 450 K", 420.0),
        at("nrtlExcessGibbs", "ternary", new double[] {0.2, 0.5, 0.3}, TAU3, ALPHA3),
        at("arrheniusFitLoss", "four rates", 20.0, 7e4, TEMPERATURES, RATES),
        at("adiabaticBatchConversion", "warming", 25.0, 1e5, 50.0, 450.0, 5.0, 200, 2000.0),
        at("langmuirHinshelwoodRate", "500 K", 1.5, 0.8, 10.0, 5e4, 0.7, 1.3, 500.0),
        at("wagnerPressure", "water", WAGNER_WATER, 647.3, 220.48e5, 373.0));
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(
        at("flashCompositions", "two phases", Z, K_TWO_PHASE),
        at("nrtlLnGammas", "binary", new double[] {0.3, 0.7}, TAU2, ALPHA2),
        at("nrtlLnGammas", "ternary", new double[] {0.2, 0.5, 0.3}, TAU3, ALPHA3),
        at("flashPhaseMoles", "two phases", Z, K_TWO_PHASE, 10.0),
        at("moleFractions", "from amounts", new double[] {1.0, 2.0, 0.5}, false),
        at("moleFractions", "already fractions", new double[] {0.2, 0.3, 0.5}, true));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("compressibility", "negative pressure", IllegalArgumentException.class,
            "pressure must be positive, got -1.000", 300.0, -1.0, species("PROPANE"), family("PENG_ROBINSON"),
            phase("VAPOUR")),
        throwing("mixtureLnFugacity", "sizes", IllegalArgumentException.class,
            "2 mole fractions, 3 species, 2 rows of kij", 300.0, 30e5, new double[] {0.6, 0.4},
            speciesArray("METHANE", "PROPANE", "ETHANE"), KIJ, 1, phase("VAPOUR")),
        throwing("mixtureLnFugacity", "component", IndexOutOfBoundsException.class, "component 2 of 2", 300.0, 30e5,
            new double[] {0.6, 0.4}, speciesArray("METHANE", "PROPANE"), KIJ, 2, phase("VAPOUR")),
        throwing("vapourFraction", "lengths", IllegalArgumentException.class, "feed has 3 components but K has 2", Z,
            new double[] {2.0, 0.5}),
        throwing("vapourFraction", "negative K", IllegalArgumentException.class, "component 1: z = 0.400, K = -1.000",
            Z, new double[] {2.0, -1.0, 0.5}),
        throwing("vapourFraction", "unnormalised", IllegalArgumentException.class,
            "feed mole fractions sum to 0.900000, not 1", new double[] {0.3, 0.3, 0.3}, K_TWO_PHASE),
        throwing("flashCompositions", "unnormalised", IllegalArgumentException.class,
            "feed mole fractions sum to 0.900000, not 1", new double[] {0.3, 0.3, 0.3}, K_TWO_PHASE),
        throwing("rateConstant", "zero temperature", IllegalArgumentException.class,
            "temperature must be positive, got 0.000", 1e10, 0.5, 8e4, 0.0),
        throwing("arrheniusFitLoss", "lengths", IllegalArgumentException.class, "4 temperatures for 3 rates", 20.0,
            7e4, TEMPERATURES, new double[] {1.0, 2.0, 3.0}),
        throwing("arrheniusFitLoss", "zero rate", IllegalArgumentException.class, "rate 1 is not positive: 0.0", 20.0,
            7e4, TEMPERATURES, new double[] {1.0, 0.0, 3.0, 4.0}),
        throwing("seriesIntermediate", "short state", IllegalArgumentException.class,
            "state {A, B, C} expected, got 2 values", new double[] {1.0, 0.0}, 1.2, 0.4, 3.0, 60),
        throwing("seriesIntermediate", "no steps", IllegalArgumentException.class, "steps must be positive, got 0",
            new double[] {1.0, 0.0, 0.0}, 1.2, 0.4, 3.0, 0),
        throwing("adiabaticBatchConversion", "runaway", ArithmeticException.class,
            "thermal runaway: T = 460.1 K at step 37", 25.0, 1e5, 50.0, 450.0, 5.0, 200, 460.0),
        throwing("lnEquilibriumConstant", "too cold", IllegalArgumentException.class,
            "T = 500.0 K outside the NASA fit range [1000, 6000] K", reaction("WATER_GAS_SHIFT"), 500.0),
        throwing("equilibriumExtent", "feed length", IllegalArgumentException.class,
            "WATER_GAS_SHIFT has 4 species, the feed 3", reaction("WATER_GAS_SHIFT"), new double[] {1.0, 1.0, 0.0},
            1100.0, 1e5),
        throwing("equilibriumExtent", "no extent", IllegalArgumentException.class,
            "the feed admits no extent of WATER_GAS_SHIFT", reaction("WATER_GAS_SHIFT"),
            new double[] {0.0, 1.0, 0.0, 0.0}, 1100.0, 1e5),
        throwing("gibbsLagrangian", "negative amount", IllegalArgumentException.class, "negative amount -0.1",
            new double[] {0.4, -0.1, 0.6, 0.5}, new double[3], gases("CO", "H2O", "CO2", "H2"), ELEMENTS, 1200.0, 2e5),
        throwing("gibbsLagrangian", "amounts", IllegalArgumentException.class, "3 amounts for 4 gases",
            new double[] {0.4, 0.6, 0.5}, new double[3], gases("CO", "H2O", "CO2", "H2"), ELEMENTS, 1200.0, 2e5),
        throwing("adiabaticFlameTemperature", "cold reactants", IllegalArgumentException.class,
            "T = 298.2 K outside the NASA fit range [1000, 6000] K", new double[] {1.0, 4.0, 0.0, 0.0},
            new double[] {0.0, 2.0, 1.0, 2.0}, gases("CH4", "O2", "CO2", "H2O"), 298.15),
        throwing("bufferPh", "negative acid", IllegalArgumentException.class,
            "concentrations must be non-negative: acid -0.100000, base 0.00000", -0.1, 0.0, 4.76),
        throwing("antoinePressure", "below -C", IllegalArgumentException.class, "T + C = -14.85 is not positive",
            4.6543, 1435.264, -64.848, 50.0),
        throwing("wagnerPressure", "three coefficients", IllegalArgumentException.class,
            "Wagner's equation takes 4 coefficients, got 3", new double[] {1.0, 2.0, 3.0}, 647.3, 220.48e5, 373.0),
        throwing("wagnerPressure", "supercritical", IllegalArgumentException.class,
            "T = 700.00 K outside (0, Tc = 647.30 K)", WAGNER_WATER, 647.3, 220.48e5, 700.0),
        throwing("bubbleTemperature", "zero pressure", IllegalArgumentException.class,
            "pressure must be positive, got 0.000", 0.0, new double[] {0.4, 0.6}, speciesArray("PROPANE", "N_BUTANE")),
        throwing("nrtlLnGammas", "ragged tau", IllegalArgumentException.class, "tau has a row of 3 for 2 components",
            new double[] {0.3, 0.7}, new double[][] {{0.0, 0.8}, {1.2, 0.0, 0.1}}, ALPHA2),
        throwing("nrtlExcessGibbs", "tau rows", IllegalArgumentException.class, "tau has 2 rows for 3 components",
            new double[] {0.2, 0.5, 0.3}, TAU2, ALPHA3),
        throwing("modifiedRaoultBubblePressure", "species", IllegalArgumentException.class,
            "2 mole fractions for 1 species", 320.0, new double[] {0.4, 0.6}, speciesArray("PROPANE"),
            nrtl(TAU2, TAU2, ALPHA2)),
        throwing("wilsonExcessGibbs", "rows", IllegalArgumentException.class, "Lambda has 1 rows for 2 components",
            new double[] {0.3, 0.7}, new double[][] {{1.0, 0.5}}),
        throwing("idealMixingEntropy", "negative", IllegalArgumentException.class, "negative mole fraction -0.2",
            (Object) new double[] {1.2, -0.2}),
        throwing("powerLawRate", "fourth order", IllegalArgumentException.class, "unsupported reaction order 4", 0.7,
            1.3, 4),
        throwing("vanDerWaalsVolume", "inside the covolume", ArithmeticException.class,
            "van der Waals volume at 300.0 K, 20000 bar", 300.0, 2e4, 3.64, 0.04267),
        throwing("polynomialHeatCapacity", "no coefficients", IllegalArgumentException.class,
            "no heat capacity coefficients", new double[0], 800.0),
        throwing("log10PressureInBar", "psi", IllegalArgumentException.class, "unknown pressure unit psi", 2.0, "psi"),
        throwing("regularSolutionExcess", "ternary", IllegalArgumentException.class, "a binary takes 2 fractions, got 3",
            new double[] {1.0, 2.0, 3.0}, 2.5),
        throwing("steamPressureLinear", "too hot", IllegalArgumentException.class, "T = 520.0 K outside the steam table",
            520.0),
        throwing("massFraction", "unknown element", IllegalArgumentException.class, "unknown element X in XH2",
            new double[] {1.0, 2.0}, new String[] {"CH4", "XH2"}, 0),
        throwing("vanDerWaalsPressure", "inside the covolume", IllegalArgumentException.class,
            "molar volume 3.000e-05 must exceed the covolume 3.870e-05", 300.0, 3e-5, 0.137, 3.87e-5));
  }
}
