package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The levels generated recursive entries count, and the threads deep recursion goes on in. */
class RecursionTest {
  /** A recursion written as generated entries write it: count the level, or go on in a thread with a large stack. */
  private static int depth(int n, List<Thread> threads) {
    Recursion levels = Recursion.enter(1);
    if (levels == null) {
      return Recursion.onLargeStack(() -> depth(n, threads));
    }
    try {
      if (threads.isEmpty() || threads.get(threads.size() - 1) != Thread.currentThread()) {
        threads.add(Thread.currentThread());
      }
      return n == 0 ? 0 : 1 + depth(n - 1, threads);
    } finally {
      levels.exit(1);
    }
  }

  @Test
  void aShallowRecursionStaysOnItsThread() {
    List<Thread> threads = new ArrayList<>();
    assertEquals(Recursion.LEVELS_ON_CALLER - 1, depth(Recursion.LEVELS_ON_CALLER - 1, threads));
    assertEquals(List.of(Thread.currentThread()), threads);
  }

  @Test
  void aDeepRecursionGoesOnInAThreadWithALargeStack() {
    List<Thread> threads = new ArrayList<>();
    int levels = 100_000;
    assertEquals(levels, depth(levels, threads));
    // 256 levels here, then 65,536 on each thread of Recursion's.
    assertEquals(3, threads.size());
    assertSame(Thread.currentThread(), threads.get(0));
    assertNotSame(threads.get(1), threads.get(2));
    assertEquals(List.of("javagrad-recursion", "javagrad-recursion"),
        threads.stream().skip(1).map(Thread::getName).toList());
  }

  @Test
  void itsThreadsWaitForTheNextDeepRecursion() {
    List<Thread> first = new ArrayList<>();
    depth(1_000, first);
    List<Thread> second = new ArrayList<>();
    depth(1_000, second);
    assertEquals(2, second.size());
    assertSame(first.get(1), second.get(1), "the thread that ran the first recursion's levels runs the second's");
    assertTrue(first.get(1).isDaemon());
  }

  @Test
  void levelsCloseAgainSoTheThreadCanRecurseAfresh() {
    for (int k = 0; k < 3; k++) {
      List<Thread> threads = new ArrayList<>();
      depth(Recursion.LEVELS_ON_CALLER - 1, threads);
      assertEquals(1, threads.size());
    }
  }

  @Test
  void aThreadHoldsItsLimitThenNoMore() {
    List<Recursion> open = new ArrayList<>();
    try {
      for (int k = 0; k < Recursion.LEVELS_ON_CALLER; k++) {
        Recursion levels = Recursion.enter(1);
        assertNotNull(levels, "level " + k);
        open.add(levels);
      }
      assertNull(Recursion.enter(1));
    } finally {
      open.forEach(levels -> levels.exit(1));
    }
    Recursion again = Recursion.enter(1);
    assertNotNull(again);
    again.exit(1);
  }

  @Test
  void whatTheLevelThrowsIsThrownToTheCaller() {
    IllegalArgumentException thrown = new IllegalArgumentException("bad time");
    assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> Recursion.onLargeStack(() -> {
      throw thrown;
    })));
    StackOverflowError error = new StackOverflowError();
    assertSame(error, assertThrows(StackOverflowError.class, () -> Recursion.onLargeStack(() -> {
      throw error;
    })));
    IOException checked = new IOException("sneaked");
    UndeclaredThrowableException wrapped = assertThrows(UndeclaredThrowableException.class,
        () -> Recursion.onLargeStack(() -> RecursionTest.<RuntimeException>sneak(checked)));
    assertSame(checked, wrapped.getCause());
  }

  @Test
  void theCallerWaitsThroughAnInterruptAndKeepsIt() {
    Thread caller = Thread.currentThread();
    try {
      String result = Recursion.onLargeStack(() -> {
        caller.interrupt();
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        return "done";
      });
      assertEquals("done", result);
      assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> Object sneak(Throwable t) throws T {
    throw (T) t;
  }
}
