package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import io.javagrad.processor.ir.RuntimeTypes;
import java.util.List;

/**
 * The entry points of a recursive method that its callers reach, split in two so that a deep
 * recursion does not overflow the stack its primal fits on: the entry keeps its name and counts the
 * level on the thread ({@code io.javagrad.Recursion}), and a private method holds the code of one
 * level. Where the thread holds all the levels it may, the entry runs the level on a new thread with
 * a large stack instead, while the calling thread waits.
 */
final class RecursionLevels {
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
    MethodSpec counting = CompanionWriter.sameSignature(entry)
        .addStatement("$T $L = $T.enter()", RuntimeTypes.RECURSION, levels, RuntimeTypes.RECURSION)
        .beginControlFlow("if ($L == null)", levels)
        .addStatement("return $T.onNewThread(() -> $L)", RuntimeTypes.RECURSION, call)
        .endControlFlow()
        .beginControlFlow("try")
        .addStatement("return $L", call)
        .nextControlFlow("finally")
        .addStatement("$L.exit()", levels)
        .endControlFlow()
        .build();
    return List.of(counting, level);
  }
}
