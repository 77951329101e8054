package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import io.javagrad.processor.ir.RuntimeTypes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The entry points of a recursive method that its callers reach, split in two so that a deep
 * recursion does not overflow the stack its primal fits on: the entry keeps its name and counts the
 * level on the thread ({@code io.javagrad.Recursion}), and a private method holds the code of one
 * level. Where the thread holds all the levels it may, the entry runs the level on a thread with a
 * large stack instead, while the calling thread waits.
 */
final class RecursionLevels {
  /** What {@code Recursion.LEVEL_BYTES} is, the stack a level of weight one may take. */
  private static final int LEVEL_BYTES = 2_048;
  /**
   * A declaration of a local, as JavaPoet writes it: a type, a name, then = or ;, at the start of a
   * line ({@code return x;} looks like one too, which errs toward a heavier level).
   */
  private static final Pattern DECLARATION =
      Pattern.compile("(?m)^\\s*[A-Za-z_][\\w.]*(?:\\[\\])*\\s+[A-Za-z_$][\\w$]*\\s*[=;]");

  private RecursionLevels() {}

  /** {@code entry} as the counting entry and the level it calls, in that order. */
  static List<MethodSpec> split(MethodSpec entry) {
    // With a $, as the entries of helpers have, so that no user's method's entry has the name:
    // energy_level(Value, int) would be the twin of a method energy_level(double, int) too.
    String levelName = entry.name() + "$level";
    MethodSpec level = MethodSpec.methodBuilder(levelName)
        .addModifiers(PRIVATE, STATIC)
        .returns(entry.returnType())
        .addParameters(entry.parameters())
        .varargs(entry.varargs())
        .addJavadoc("One level of the recursion of {@link #$L}, on the thread it counts the level on.\n", entry.name())
        .addCode(entry.code())
        .build();
    List<String> parameters = entry.parameters().stream().map(ParameterSpec::name).toList();
    CodeBlock call = CodeBlock.of("$L($L)", levelName, String.join(", ", parameters));
    String levels = "levels";
    while (parameters.contains(levels)) {
      levels += "_";
    }
    int weight = weight(level);
    MethodSpec counting = CompanionWriter.sameSignature(entry)
        .addStatement("$T $L = $T.enter($L)", RuntimeTypes.RECURSION, levels, RuntimeTypes.RECURSION, weight)
        .beginControlFlow("if ($L == null)", levels)
        .addStatement("return $T.onLargeStack(() -> $L)", RuntimeTypes.RECURSION, call)
        .endControlFlow()
        .beginControlFlow("try")
        .addStatement("return $L", call)
        .nextControlFlow("finally")
        .addStatement("$L.exit($L)", levels, weight)
        .endControlFlow()
        .build();
    return List.of(counting, level);
  }

  /**
   * How many levels of {@code LEVEL_BYTES} a level of {@code level} weighs: an interpreted frame
   * holds a slot of 8 bytes per int and two per double, so each local and parameter is counted as
   * 16 bytes, and 64 slots more for the operands, the frame itself and the calls it makes. A
   * pullback keeps an adjoint and often an intermediate beside each of the user's locals, so a
   * method with a hundred of them has frames several times the size 256 levels on 1 MiB allow.
   */
  private static int weight(MethodSpec level) {
    long declarations = DECLARATION.matcher(level.code().toString()).results().count();
    long bytes = 16 * (declarations + level.parameters().size() + 64);
    return (int) Math.max(1, (bytes + LEVEL_BYTES - 1) / LEVEL_BYTES);
  }
}
