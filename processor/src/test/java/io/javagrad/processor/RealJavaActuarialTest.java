package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.record;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Actuarial science and credit (corpus/Actuarial.java): annuities certain over an enum of timings,
 * Macaulay duration, life annuities, term insurance and the level premium from a constant q_x table
 * with a record of the policy (built anew inside the premium), curtate expectancy through an
 * IntStream over a lambda-captured local array, Merton's structural spread, and a piecewise-constant
 * hazard curve with an early return inside its loop, under a CDS par spread; chain-ladder reserving
 * over a ragged triangle with a labelled continue, Buhlmann credibility with a stream average per
 * row, claims kept in a list of records and discounted by a stream, and a String switch of
 * mortality laws with a yielding block.
 */
class RealJavaActuarialTest extends RealJavaDomainTest {
  private static final double[] HAZARDS = {0.01, 0.02, 0.035};
  private static final double[] PILLARS = {1.0, 3.0, 5.0};

  private static final double[][] TRIANGLE = {{1000, 1800, 2100, 2200}, {1100, 2000, 2350}, {1200, 2150}, {1300}};
  private static final double[][] EXPERIENCE = {{310, 290, 350, 330}, {420, 470, 440, 460}, {250, 240, 275, 230}};
  private static final int[] CLAIM_YEARS = {2020, 2021, 2021, 2022, 2023};
  private static final double[] DELAYS = {4.5, 1.5, 3.25, 2.0, 0.5};
  private static final double[] AMOUNTS = {1200.0, 800.0, 450.0, 2300.0, 640.0};

  private static final Point CHAIN_LADDER = at("chainLadderReserve", "four years", (Object) TRIANGLE);
  private static final Point BUHLMANN = at("buhlmannPremium", "three risks", (Object) EXPERIENCE);
  private static final Point MAKEHAM = at("lawSurvival", "makeham", "makeham", 0.0005, Math.log(0.00003), 1.1, 60.0,
      10.0);
  private static final Point DURATION = at("macaulayDuration", "ten years", 0.05, 10, 0.04);
  private static final Point MERTON = at("mertonSpread", "leveraged firm", 120.0, 0.25, 100.0, 0.03, 5.0);
  private static final Point SURVIVAL = at("survivalProbability", "second interval", HAZARDS, PILLARS, 2.5);
  private static final Point CDS = at("cdsParSpread", "five years quarterly", HAZARDS, PILLARS, 0.02, 0.4, 4, 5.0);
  private static final Point EXPECTANCY = at("curtateExpectancy", "age 70", 1.2, 70);

  @Override
  String owner() {
    return "Actuarial";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(
        at("annuityCertain", "immediate", 0.05, 10, constant("Actuarial$Timing", "IMMEDIATE")),
        at("annuityCertain", "due", 0.05, 10, constant("Actuarial$Timing", "DUE")),
        DURATION,
        at("lifeAnnuityDue", "age 62, ten years", 0.03, 1.1, record("Actuarial$Policy", 62, 10, 1000.0)),
        at("levelPremium", "age 60, fifteen years", 0.03, 1.1, record("Actuarial$Policy", 60, 15, 1e5)),
        EXPECTANCY,
        MERTON,
        at("mertonSpread", "distressed", 90.0, 0.4, 100.0, 0.03, 1.0),
        at("survivalProbability", "first interval", HAZARDS, PILLARS, 0.5),
        SURVIVAL,
        at("survivalProbability", "beyond the last pillar", HAZARDS, PILLARS, 7.0),
        CDS,
        CHAIN_LADDER,
        BUHLMANN,
        at("buhlmannPremium", "no credibility", (Object) new double[][] {{300, 100, 500}, {310, 120, 480}}),
        at("outstandingClaimsValue", "some already paid", 0.03, 2024, CLAIM_YEARS, DELAYS, AMOUNTS),
        at("lawSurvival", "gompertz", "gompertz", 0.0, Math.log(0.00003), 1.1, 60.0, 10.0),
        MAKEHAM,
        at("lawSurvival", "weibull", "weibull", 0.0, Math.log(1e-7), 3.5, 60.0, 10.0));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(DURATION, MERTON, SURVIVAL, CDS, EXPECTANCY, CHAIN_LADDER, BUHLMANN);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("annuityCertain", "negative term", IllegalArgumentException.class, "negative term: -1", 0.05, -1,
            constant("Actuarial$Timing", "DUE")),
        throwing("lifeAnnuityDue", "runs off the table", IndexOutOfBoundsException.class,
            "age 84 is outside the table [60, 79]", 0.03, 1.0, record("Actuarial$Policy", 75, 10, 1.0)),
        throwing("levelPremium", "too young", IndexOutOfBoundsException.class, "age 40 is outside the table [60, 79]",
            0.03, 1.0, record("Actuarial$Policy", 40, 10, 1.0)),
        throwing("curtateExpectancy", "too old", IndexOutOfBoundsException.class,
            "age 90 is outside the table [60, 79]", 1.0, 90),
        throwing("mertonSpread", "no assets", IllegalArgumentException.class,
            "assets and face must be positive: 0.0, 100.0",
            0.0, 0.25, 100.0, 0.03, 5.0),
        throwing("survivalProbability", "lengths differ", IllegalArgumentException.class, "2 hazards for 3 pillars",
            new double[] {0.01, 0.02}, PILLARS, 1.0),
        throwing("chainLadderReserve", "not square", IllegalArgumentException.class,
            "accident year 1 of 2 needs 1 development years, got 2", (Object) new double[][] {{1, 2}, {1, 2}}),
        throwing("lawSurvival", "unknown law", IllegalArgumentException.class, "unknown mortality law 'lee-carter'",
            "lee-carter", 0.0, Math.log(0.00003), 1.1, 60.0, 10.0));
  }
}
