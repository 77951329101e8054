package io.javagrad.processor.ad;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The parameter arrays a method writes into, by element stores or through code run as written.
 * The forward sweep writes them as the method does; the
 * reverse sweep restores the values it reads where they were overwritten, which leaves such an
 * element as it was at entry. So, for each array with a restored store, the state the forward
 * sweep leaves is kept (one copy of the array) and put back after the reverse sweep: the caller
 * sees its arrays as the method leaves them.
 */
final class ParameterWrites {
  private final List<Variable> arrayParameters;
  private final Map<Variable, List<Stmt>> stores = new LinkedHashMap<>();
  private final Map<Variable, String> kept = new LinkedHashMap<>();
  private String rowCounter;

  private ParameterWrites(List<Variable> arrayParameters) {
    this.arrayParameters = arrayParameters;
  }

  static ParameterWrites of(MethodBody method, NameAllocator names) {
    ParameterWrites writes = new ParameterWrites(
        method.parameters().stream().filter(p -> p.type().isDoubleArray()).toList());
    for (Stmt s : Statements.all(method.statements())) {
      // An element store, or code run as written that writes into the array (a table filled in a try).
      List<Variable> written = s instanceof Stmt.ArrayStore store ? List.of(store.array())
          : s instanceof Stmt.RunAsWritten run ? run.writes() : List.of();
      written.stream().filter(array -> array.isParameter() && array.type().isDoubleArray())
          .forEach(array -> writes.stores.computeIfAbsent(array, a -> new ArrayList<>()).add(s));
    }
    writes.stores.keySet().forEach(array -> writes.kept.put(array, names.newName("_left_" + array.name())));
    if (writes.stores.keySet().stream().anyMatch(array -> array.type() == Type.DOUBLE_MATRIX)) {
      writes.rowCounter = names.newName("_row");
    }
    return writes;
  }

  /**
   * Before the forward sweep: a written array passed as another parameter too ({@code f(a, a)})
   * would have its stores overwrite what the analyses take for another array's values, so the
   * entry point refuses it. (A row of a {@code double[][]} passed as a {@code double[]} too is not
   * checked.)
   */
  void requireDistinct(CodeBlock.Builder code) {
    for (Variable written : stores.keySet()) {
      for (Variable other : arrayParameters) {
        if (other != written && other.type() == written.type()) {
          code.beginControlFlow("if ($L == $L)", written.name(), other.name())
              .addStatement("throw new $T($S)", IllegalArgumentException.class, "the method writes into "
                  + written.name() + ", so " + written.name() + " and " + other.name() + " must be different arrays")
              .endControlFlow();
        }
      }
    }
  }

  /** After the forward sweep: copies of the arrays that a restored store writes. */
  void keep(Set<Stmt> restored, CodeBlock.Builder code) {
    forEachRestored(restored, (array, copy) -> {
      if (array.type() == Type.DOUBLE_MATRIX) {
        code.addStatement("double[][] $L = new double[$L.length][]", copy, array.name())
            .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", rowCounter, rowCounter, array.name(), rowCounter)
            .addStatement("$L[$L] = $L[$L].clone()", copy, rowCounter, array.name(), rowCounter)
            .endControlFlow();
      } else {
        code.addStatement("double[] $L = $L.clone()", copy, array.name());
      }
    });
  }

  /** After the reverse sweep: puts back what {@link #keep} copied. */
  void putBack(Set<Stmt> restored, CodeBlock.Builder code) {
    forEachRestored(restored, (array, copy) -> {
      if (array.type() == Type.DOUBLE_MATRIX) {
        code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", rowCounter, rowCounter, array.name(), rowCounter)
            .addStatement("$T.arraycopy($L[$L], 0, $L[$L], 0, $L[$L].length)", System.class, copy, rowCounter,
                array.name(), rowCounter, copy, rowCounter)
            .endControlFlow();
      } else {
        code.addStatement("$T.arraycopy($L, 0, $L, 0, $L.length)", System.class, copy, array.name(), copy);
      }
    });
  }

  /** Runs {@code action} on each array with a restored store, and the name of its copy. */
  private void forEachRestored(Set<Stmt> restored, BiConsumer<Variable, String> action) {
    kept.forEach((array, copy) -> {
      if (stores.get(array).stream().anyMatch(restored::contains)) {
        action.accept(array, copy);
      }
    });
  }
}
