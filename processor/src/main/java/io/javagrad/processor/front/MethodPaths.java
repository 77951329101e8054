package io.javagrad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Finds the tree of each method whose body the processor reads. {@link Trees#getPath(Element)}
 * searches the compilation unit from its root on every call, which makes a file of many annotated
 * methods cost time quadratic in its size; here each unit is scanned once, for all its methods.
 * One instance serves one round.
 */
public final class MethodPaths {
  private final Trees trees;
  private final Map<ExecutableElement, TreePath> paths = new HashMap<>();
  private final Set<CompilationUnitTree> scanned = new HashSet<>();

  public MethodPaths(Trees trees) {
    this.trees = trees;
  }

  /** The path to {@code method}'s declaration, or null where the compiler has no tree for it. */
  public TreePath of(ExecutableElement method) {
    TreePath path = paths.get(method);
    if (path == null) {
      TreePath topLevel = trees.getPath(topLevelClassOf(method));
      if (topLevel != null && scanned.add(topLevel.getCompilationUnit())) {
        index(topLevel.getCompilationUnit());
        path = paths.get(method);
      }
    }
    // A method of an anonymous class (an enum constant's body), which the index leaves out.
    return path != null ? path : trees.getPath(method);
  }

  /**
   * Indexes the methods of the unit's classes and their member classes. Not those of anonymous
   * and local classes: javac enters them only when it attributes their code, so asking for their
   * elements would have it attribute the whole top-level class now, during processing, which it
   * then refuses for a record's compact constructor when it compiles the class after the round.
   */
  private void index(CompilationUnitTree unit) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree tree, Void unused) {
        if (trees.getElement(getCurrentPath()) instanceof ExecutableElement method) {
          paths.put(method, getCurrentPath());
        }
        return null;
      }

      @Override
      public Void visitNewClass(NewClassTree tree, Void unused) {
        return null;
      }
    }.scan(unit, null);
  }

  private static TypeElement topLevelClassOf(Element element) {
    Element e = element;
    while (!(e.getEnclosingElement() instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return (TypeElement) e;
  }
}
