package io.javagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The tape's frames (a call leaves the tape as it found it, whatever runs inside it and however it
 * ends), its growth to the VM's limit, and what a thread keeps: a cap, a release, and tapes lent to
 * virtual threads from a pool.
 */
class TapeTest {
  @Test
  void aNestedCallLeavesTheOuterRecordsAlone() {
    Tape outer = Tape.enter();
    outer.push(1.5);
    outer.push(7);
    outer.push(9L);
    Tape inner = Tape.enter(); // a class initialiser computing a gradient, say
    inner.push(2.5);
    inner.push(true);
    inner.exit();
    assertEquals(9L, outer.popLong());
    assertEquals(7, outer.popInt());
    assertEquals(1.5, outer.popDouble());
    outer.exit();
  }

  /**
   * Each nesting level gets a gradient buffer of its own, reused once returned; closing a frame
   * returns what it borrowed.
   */
  @Test
  void gradientBuffersAreOnePerActivationAndReused() {
    Tape outer = Tape.enter();
    double[] first = outer.gradientBuffer(3);
    first[0] = 7.0;
    Tape inner = Tape.enter(); // a recursive activation of the same call site
    double[] nested = inner.gradientBuffer(2);
    assertNotSame(first, nested);
    nested[0] = -1.0;
    inner.exit();
    assertEquals(7.0, first[0], "the nested activation wrote into its own buffer");
    int lent = outer.buffersLent();
    double[] again = outer.gradientBuffer(2);
    assertSame(nested, again, "a returned buffer is lent again, not allocated");
    outer.returnBuffers(lent);
    assertSame(nested, outer.gradientBuffer(1));
    outer.returnBuffer();
    assertTrue(outer.gradientBuffer(10).length >= 10, "a buffer grows to what a call needs");
    outer.exit();
  }

  @Test
  void arraysPushedWholeArePoppedWholeInTheirOrder() {
    Tape tape = Tape.enter();
    tape.push(1.5);
    double[] values = new double[200];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.5;
    }
    tape.push(values, 150); // more than the tape's first 64 doubles: it grows
    double[] back = new double[150];
    tape.pop(back, 150);
    for (int i = 0; i < back.length; i++) {
      assertEquals(i * 0.5, back[i], 0.0);
    }
    assertEquals(1.5, tape.popDouble(), 0.0);
    tape.exit();
  }

  @Test
  void arraysAreKeptByReferenceAndFramesLeaveOuterOnesAlone() {
    double[] first = {1, 2};
    double[] second = {3};
    Tape outer = Tape.enter();
    outer.push(first);
    outer.push((Object) null);
    Tape inner = Tape.enter();
    inner.push(second); // left behind by a call that throws: the frame lets it go
    inner.exit();
    assertNull(outer.<double[]>popReference());
    double[] back = outer.popReference();
    assertSame(first, back);
    outer.exit();
  }

  @Test
  void aCallThatThrowsLeavesNothingBehind() {
    Tape outer = Tape.enter();
    outer.push(1.5);
    assertThrows(IllegalStateException.class, () -> {
      Tape inner = Tape.enter();
      try {
        inner.push(2.5);
        inner.push(3);
        throw new IllegalStateException("an index out of range in the user's loop");
      } finally {
        inner.exit();
      }
    });
    outer.push(4.5);
    assertEquals(4.5, outer.popDouble());
    assertEquals(1.5, outer.popDouble());
    outer.exit();
  }

  @Test
  void growthDoublesUpToTheLongestArrayThenThrowsOutOfMemory() {
    assertEquals(128, Tape.grownLength(64));
    assertEquals(1 << 30, Tape.grownLength(1 << 29));
    assertEquals(Tape.MAX_LENGTH, Tape.grownLength(1 << 30)); // 2^31 overflowed an int here once
    assertEquals(Tape.MAX_LENGTH, Tape.grownLength(Tape.MAX_LENGTH - 1));
    OutOfMemoryError full = assertThrows(OutOfMemoryError.class, () -> Tape.grownLength(Tape.MAX_LENGTH));
    assertTrue(full.getMessage().contains("javagrad Tape"), full.getMessage());
  }

  @Test
  void aTapeAboveTheCapShrinksWhenTheOutermostCallReturns() {
    Tape tape = Tape.enter();
    for (int i = 0; i < 100_000; i++) {
      tape.push((double) i);
    }
    for (int i = 0; i < 100_000; i++) {
      tape.popDouble();
    }
    tape.exit();
    assertTrue(tape.capacityBytes() > 800_000, "below the default cap the tape keeps its arrays");
    tape.shrinkIfAbove(1 << 16);
    assertTrue(tape.capacityBytes() < 1 << 16, () -> tape.capacityBytes() + " bytes kept");
  }

  @Test
  void releaseDropsTheThreadsTapeButNotOneInUse() {
    Tape first = Tape.enter();
    Tape.release(); // a gradient is in progress: nothing happens
    assertSame(first, Tape.enter());
    first.exit();
    first.exit();
    Tape.release();
    Tape next = Tape.enter();
    next.exit();
    assertNotSame(first, next);
  }

  /** On Java 21 and later: a hundred thousand virtual threads share a few pooled tapes. */
  @Test
  void virtualThreadsBorrowPooledTapes() throws Exception {
    Method ofVirtual;
    try {
      ofVirtual = Thread.class.getMethod("ofVirtual");
    } catch (NoSuchMethodException java17) {
      return;
    }
    Object builder = ofVirtual.invoke(null);
    Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
    Set<Tape> tapes = ConcurrentHashMap.newKeySet();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int threads = 100_000;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      start.invoke(builder, (Runnable) () -> {
        Tape tape = Tape.enter();
        try {
          tapes.add(tape);
          for (int i = 0; i < 100; i++) {
            tape.push((double) i);
          }
          for (int i = 99; i >= 0; i--) {
            assertEquals(i, tape.popDouble());
          }
        } catch (Throwable e) {
          failure.set(e);
        } finally {
          tape.exit();
          done.countDown();
        }
      });
    }
    done.await();
    assertEquals(null, failure.get());
    assertTrue(tapes.size() < 1000, tapes.size() + " tapes for " + threads + " threads");
  }
}
