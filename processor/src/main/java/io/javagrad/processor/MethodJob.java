package io.javagrad.processor;

import com.sun.source.tree.CompilationUnitTree;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.front.BodyTranslator;
import io.javagrad.processor.front.DemandedHelper;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A method whose body translated and analysed, on its way to its companion; {@code helper} says
 * which helper's derivative code it is, for one differentiated on demand, and is null for a
 * {@code @Differentiable} method.
 */
record MethodJob(ExecutableElement element, TypeElement owner, BodyTranslator.Translation translation,
    Activity activity, CompilationUnitTree unit, DemandedHelper helper) {}
