package io.javagrad.processor.front;

import io.javagrad.processor.ir.Callee;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the second derivatives of a body's calls to methods with {@code @DerivativeOf} rules find
 * the rules' tangents ({@link Callee#tangentOfRule}), each keyed by the tangent a caller's
 * companion would hold: made here, of a rule whose source is in the compilation; published by the
 * companion of a rule's class compiled earlier ({@link Callee#publishedTangentOfRule}); or nowhere,
 * and why.
 */
public record TangentsOfRules(Map<Callee, DemandedHelper> made, Map<Callee, Callee> published,
    Map<Callee, String> notMade) {

  TangentsOfRules() {
    this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
  }
}
