package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * The structure of ADBench's hand-tracking objective (corpus/HandTracking.java): each bone's pose
 * from Euler angles through helpers returning {@code double[][]} (rotation products, a homogeneous
 * transform filled by {@code System.arraycopy}), chained to its parent's absolute transform, the
 * absolutes stacked as rows of one {@code double[][]} given clones, and the vertices skinned by
 * per-bone weights and compared with targets.
 */
class RealJavaHandTrackingTest extends RealJavaDomainTest {
  private static final double[][] THETA = {{0.1, -0.2, 0.3}, {0.25, 0.1, -0.15}, {-0.3, 0.2, 0.05}};
  private static final double[][] OFFSETS = {{0, 0, 0}, {0, 1, 0}, {0, 0.8, 0.1}};
  private static final int[] PARENTS = {-1, 0, 1};
  private static final double[][] BASE = {{0.1, 0.5, 0}, {0, 1.2, 0.1}, {0.05, 1.9, -0.1}, {-0.1, 2.4, 0}};
  private static final double[][] WEIGHTS = {{1, 0, 0}, {0.4, 0.6, 0}, {0, 0.7, 0.3}, {0, 0, 1}};
  private static final double[][] TARGETS = {{0.2, 0.4, 0.1}, {0.1, 1.3, 0.2}, {0, 2.0, 0}, {-0.2, 2.5, 0.1}};
  private static final Point POSE = at("objective", "three bones in a chain", THETA, OFFSETS, PARENTS, BASE, WEIGHTS,
      TARGETS);

  @Override
  String owner() {
    return "HandTracking";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(POSE,
        at("objective", "two roots", THETA, OFFSETS, new int[] {-1, 0, -1}, BASE, WEIGHTS, TARGETS));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(POSE);
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(throwing("objective", "a parent after its child", IllegalArgumentException.class,
        "bone 1 has parent 2, not an earlier bone", THETA, OFFSETS, new int[] {-1, 2, 1}, BASE, WEIGHTS, TARGETS));
  }
}
