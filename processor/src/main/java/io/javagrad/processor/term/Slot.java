package io.javagrad.processor.term;

/**
 * Storage for a value that generated code keeps: a temporary, a saved variable, an adjoint. Terms
 * refer to the slot, not to its name, so that the name can be chosen, or the storage moved (a
 * variable's old value into a saved copy), after the terms that read it were built.
 */
public final class Slot {
  private String name;

  public Slot(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Moves this slot to other storage: every term that reads it now reads {@code newName}. */
  public void rename(String newName) {
    this.name = newName;
  }

  public Term ref() {
    return new Term.Ref(this);
  }
}
