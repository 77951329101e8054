package io.javagrad;

import java.util.Objects;

/**
 * The checks of an element of an array or an ArrayList of records that a companion holds as one
 * {@code double[]} per number of its records, with a flag per element stored: code that runs as
 * written reads a component of one ({@code "bad " + a[i].x()}) at the index these return, so that
 * it fails where reading the record's component would, its index evaluated once.
 *
 * <p>Not meant for use outside generated code.
 */
public final class HeldRecords {
  private HeldRecords() {}

  /**
   * {@code index} of an array whose elements stored are flagged in {@code stored}: Java's
   * ArrayIndexOutOfBoundsException past its end, a NullPointerException where no element was
   * stored, as reading {@code shown}'s component throws.
   */
  public static int stored(boolean[] stored, int index, String shown) {
    if (!stored[index]) {
      throw new NullPointerException("Cannot read the components of \"" + shown + "\" because it is null");
    }
    return index;
  }

  /** As {@link #stored(boolean[], int, String)}, for a list of {@code size} elements: checked against its size first, as {@code ArrayList.get} checks it. */
  public static int stored(boolean[] stored, int index, int size, String shown) {
    return stored(stored, Objects.checkIndex(index, size), shown);
  }
}
