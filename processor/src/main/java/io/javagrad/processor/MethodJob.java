package io.javagrad.processor;

import com.sun.source.tree.CompilationUnitTree;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.front.BodyTranslator;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** A method whose body translated and analysed, on its way to its companion. */
record MethodJob(ExecutableElement element, TypeElement owner, BodyTranslator.Translation translation,
    Activity activity, CompilationUnitTree unit) {}
