package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost of counting levels where a recursion stays on its thread, and levels thrown through. */
class RecursionReviewTest {
  /** A recursion as generated entries write it, throwing at level {@code bottom}. */
  private static int depth(int n, int bottom) {
    Recursion levels = Recursion.enter(1);
    if (levels == null) {
      return Recursion.onLargeStack(() -> depth(n, bottom));
    }
    try {
      if (n == bottom) {
        throw new IllegalStateException("level " + n);
      }
      return n == 0 ? 0 : 1 + depth(n - 1, bottom);
    } finally {
      levels.exit(1);
    }
  }

  /**
   * The bytes the calling thread allocated so far, from {@code com.sun.management.ThreadMXBean},
   * by reflection, since this module does not read {@code java.management}.
   */
  private static long allocatedBytes() throws ReflectiveOperationException {
    Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
        .invoke(null);
    Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
    return (Long) allocated.invoke(threads);
  }

  @Test
  void countingAShallowRecursionAllocatesNothing() throws ReflectiveOperationException {
    int shallow = Recursion.LEVELS_ON_CALLER - 1;
    long sum = 0;
    for (int k = 0; k < 2_000; k++) {
      sum += depth(shallow, -1);
    }
    long before = allocatedBytes();
    for (int k = 0; k < 20_000; k++) {
      sum += depth(shallow, -1);
    }
    long allocated = allocatedBytes() - before;
    assertEquals(22_000L * shallow, sum);
    // 20,000 recursions of 255 levels: not a byte a level; what is measured is the measurement's own.
    assertTrue(allocated < 4_096, allocated + " bytes allocated");
  }

  @Test
  void levelsThrownThroughAreClosedOnEveryThread() {
    for (int k = 0; k < 3; k++) {
      IllegalStateException thrown = assertThrows(IllegalStateException.class,
          () -> depth(100_000, 1_000));
      assertEquals("level 1000", thrown.getMessage());
    }
    // All of this thread's levels are free again: it holds as many as it did before.
    List<Recursion> open = new ArrayList<>();
    try {
      for (Recursion levels = Recursion.enter(1); levels != null; levels = Recursion.enter(1)) {
        open.add(levels);
      }
      assertEquals(Recursion.LEVELS_ON_CALLER, open.size());
    } finally {
      open.forEach(levels -> levels.exit(1));
    }
  }

  /** A level that weighs three takes three of the thread's: 85 fit in 256, and a thread with none open takes any. */
  @Test
  void heavierLevelsTakeMoreOfTheThread() {
    List<Recursion> open = new ArrayList<>();
    try {
      for (Recursion levels = Recursion.enter(3); levels != null; levels = Recursion.enter(3)) {
        open.add(levels);
      }
      assertEquals(Recursion.LEVELS_ON_CALLER / 3, open.size());
    } finally {
      open.forEach(levels -> levels.exit(3));
    }
    Recursion heaviest = Recursion.enter(Recursion.LEVELS_ON_CALLER + 1);
    assertNotNull(heaviest, "a thread with no level open takes one heavier than all it holds");
    heaviest.exit(Recursion.LEVELS_ON_CALLER + 1);
  }
}
