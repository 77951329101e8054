package io.javagrad.processor.ad;

import com.palantir.javapoet.CodeBlock;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where each input's derivatives go in the flat gradient: parameters in order, one slot per
 * {@code double}, one per element of each {@code double[]}, one per element of each {@code
 * double[][]} row by row, none for the others. Offsets after an array depend on its length, so
 * they are code, not numbers; a {@code double[][]}'s count is {@code Rows.count}, and within it a
 * row starts where the entry point's table of row starts ({@code Rows.starts}) says.
 */
public final class GradientLayout {
  private final List<Variable> inputs = new ArrayList<>();
  private final List<CodeBlock> offsets = new ArrayList<>();
  private final CodeBlock length;

  public GradientLayout(List<Variable> parameters) {
    this(parameters, matrix -> CodeBlock.of("$T.count($L)", RuntimeTypes.ROWS, matrix.name()));
  }

  /** As above, where {@code count} gives the code for the number of slots of a {@code double[][]} input. */
  GradientLayout(List<Variable> parameters, Function<Variable, CodeBlock> count) {
    int scalars = 0;
    List<CodeBlock> arrays = new ArrayList<>();
    for (Variable p : parameters) {
      if (!p.isDifferentiatedInput()) {
        continue;
      }
      inputs.add(p);
      offsets.add(sum(scalars, arrays));
      if (p.type() == Type.DOUBLE_ARRAY) {
        arrays.add(CodeBlock.of("$L.length", p.name()));
      } else if (p.type() == Type.DOUBLE_MATRIX) {
        arrays.add(count.apply(p));
      } else {
        scalars++;
      }
    }
    length = sum(scalars, arrays);
  }

  private static CodeBlock sum(int scalars, List<CodeBlock> arrays) {
    List<CodeBlock> terms = new ArrayList<>();
    if (scalars > 0 || arrays.isEmpty()) {
      terms.add(CodeBlock.of("$L", scalars));
    }
    terms.addAll(arrays);
    return CodeBlock.join(terms, " + ");
  }

  /** The parameters that take slots, in slot order. */
  public List<Variable> inputs() {
    return inputs;
  }

  /** The first slot of {@code input}. */
  public CodeBlock offset(Variable input) {
    return offsets.get(inputs.indexOf(input));
  }

  /** The number of slots, as an int expression. */
  public CodeBlock length() {
    return length;
  }

  /** The slot after the last, below a base offset (null for 0). */
  public CodeBlock end(CodeBlock base) {
    return base == null ? length : CodeBlock.of("$L + $L", base, length);
  }

  /**
   * The slot of {@code input}, or of its element {@code index}, below a base offset (null for 0).
   * The parts stay code blocks, so that a constant in an index keeps the name the companion imports.
   */
  public CodeBlock slot(CodeBlock base, Variable input, CodeBlock index) {
    List<CodeBlock> terms = new ArrayList<>();
    if (base != null) {
      terms.add(base);
    }
    CodeBlock offset = offset(input);
    if (!isZero(offset) || terms.isEmpty() && index == null) {
      terms.add(offset);
    }
    if (index != null && !(isZero(index) && !terms.isEmpty())) {
      boolean compound = index.toString().contains(" ");
      terms.add(terms.isEmpty() || !compound ? index : CodeBlock.of("($L)", index));
    }
    return CodeBlock.join(terms, " + ");
  }

  private static boolean isZero(CodeBlock code) {
    return code.toString().equals("0");
  }
}
