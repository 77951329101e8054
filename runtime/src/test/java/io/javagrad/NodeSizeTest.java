package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * The memory a graph node costs, measured with JOL: the node and whatever it alone owns, not its
 * operands (other nodes, shared) nor its {@link Op} constant (one per operation, shared by all
 * nodes). {@code Value}'s Javadoc promises 48 bytes for a binary node with compressed references.
 *
 * <p>Walking a custom node's graph reaches a record, whose field offsets {@code Unsafe} refuses to
 * give; the runtime pom's surefire configuration sets {@code jol.magicFieldOffset=true} so that
 * JOL finds them another way, without attaching an agent.
 */
class NodeSizeTest {

  @Test
  void binaryNodeIsItsInstanceAlone() {
    Value node = new Value(2).mul(new Value(3));
    Footprint own = ownedBy(node);

    assertEquals(Set.of(Value.class), own.classes(), "no arrays, no helper objects");
    assertEquals(1, own.objects());
    assertEquals(ClassLayout.parseInstance(node).instanceSize(), own.bytes());
  }

  @Test
  void binaryNodeTakesAtMost48BytesWithCompressedReferences() {
    long bytes = ClassLayout.parseInstance(new Value(2).mul(new Value(3))).instanceSize();
    report("binary node x.mul(y), operands excluded", bytes);

    assumeTrue(compressedReferences(), "references are not compressed on this JVM");
    assertTrue(bytes <= 48, () -> "a binary node takes " + bytes + " bytes");
  }

  @Test
  void customNodeWithTwoChildrenAddsItsTwoArraysAndTheirHolder() {
    Value node = new Value(3, new Value[] {new Value(1), new Value(2)}, new double[] {1, 2});
    Footprint own = ownedBy(node);
    report("custom node with 2 children, arrays included, children excluded", own.bytes());

    // the node, the holder of its arrays, and the two arrays
    assertEquals(4, own.objects(), own::toString);
    assertTrue(own.classes().containsAll(List.of(Value.class, Value[].class, double[].class)), own::toString);
    assumeTrue(compressedReferences(), "references are not compressed on this JVM");
    assertTrue(own.bytes() <= 128, own::toString);
  }

  // ----- helpers

  /** What {@code node} alone owns: the objects reachable from it but not from what it shares. */
  record Footprint(long objects, long bytes, Set<Class<?>> classes) {}

  /**
   * The footprint of the objects reachable from {@code node} but not from its operands or the Op
   * constants. Computed as the difference of two walks' totals, which objects moving between the
   * walks cannot upset (GraphLayout.subtract compares addresses, so a GC in between could).
   */
  private static Footprint ownedBy(Value node) {
    List<Object> shared = new ArrayList<>(node.operands());
    shared.addAll(Arrays.asList(Op.values()));
    List<Object> all = new ArrayList<>(shared);
    all.add(node);
    GraphLayout without = GraphLayout.parseInstance(shared.toArray());
    GraphLayout with = GraphLayout.parseInstance(all.toArray());
    Set<Class<?>> classes = with.getClasses().stream()
        .filter(c -> with.getClassCounts().count(c) > without.getClassCounts().count(c))
        .collect(Collectors.toSet());
    return new Footprint(with.totalCount() - without.totalCount(),
        with.totalSize() - without.totalSize(), classes);
  }

  private static boolean compressedReferences() {
    return VM.current().sizeOfField("java.lang.Object") == 4;
  }

  /** Prints a measured size when asked for with {@code -Djavagrad.test.verbose=true}. */
  private static void report(String what, long bytes) {
    if (!Boolean.getBoolean("javagrad.test.verbose")) {
      return;
    }
    System.out.printf("NodeSizeTest: %s: %d bytes (Java %s, %s, %d-byte references)%n", what, bytes,
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        VM.current().sizeOfField("java.lang.Object"));
  }
}
