package io.javagrad.processor.term;

/** A local that generated code declares (a temporary, an adjoint), as terms refer to it. */
public final class Slot {
  private final String name;

  public Slot(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public Term ref() {
    return new Term.Ref(this);
  }
}
