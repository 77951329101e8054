package io.javagrad.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Every diagnostic of the processor goes through here: at the offending tree when there is one,
 * else at the element. Reporting never throws, so one method's errors do not hide another's. An
 * error at a tree is reported once, though the code holding it is translated again for each
 * caller that inlines it.
 */
final class ErrorReporter {
  private final Messager messager;
  private final Trees trees;
  private final Set<Reported> reported = new HashSet<>();

  /** An error as reported at a tree: trees compare by identity, so one tree is one place. */
  private record Reported(Tree tree, String message) {}

  ErrorReporter(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** An error about the compilation as a whole, where no element is to blame. */
  void error(String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message);
  }

  void error(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  void warning(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.WARNING, message, element);
  }

  void error(Tree tree, CompilationUnitTree unit, String message) {
    if (reported.add(new Reported(tree, message))) {
      trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }
  }

  /** An exception from our own code: a bug, reported as one error on the method it stopped. */
  void internalError(Element method, Throwable failure) {
    error(method, "internal error in the javagrad processor while differentiating "
        + method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + ": " + failure
        + whereIn(failure) + "; please report it with this method's source");
  }

  /** As {@link #internalError(Element, Throwable)}, where no one method was being differentiated. */
  void internalError(Throwable failure) {
    error("internal error in the javagrad processor: " + failure + whereIn(failure) + "; please report it");
  }

  /** " at" the innermost frame of the processor's own code, or nothing. */
  private static String whereIn(Throwable failure) {
    for (StackTraceElement frame : failure.getStackTrace()) {
      if (frame.getClassName().startsWith("io.javagrad.processor")) {
        return " at " + frame;
      }
    }
    return "";
  }
}
