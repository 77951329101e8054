package io.javagrad.processor.front;

import javax.lang.model.element.ExecutableElement;

/**
 * A helper whose derivative code a companion holds because a body calls it with a derivative
 * flowing in: {@code method}, under the private name {@code entry}, and, for one given functions,
 * the {@link Specialization} to them (else null). Two calls ask for the same code if they ask for
 * an equal one.
 */
public record DemandedHelper(ExecutableElement method, String entry, Specialization specialization) {}
