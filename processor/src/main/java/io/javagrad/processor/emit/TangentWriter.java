package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ad.GradientLayout;
import io.javagrad.processor.ad.TangentProgram;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code f_tangent(args..., double[] direction)}: {@code ∇f · direction} by forward mode, the
 * method's directional function ({@link TangentProgram#directionalBody}) run with each parameter's
 * tangent taken from its share of the direction (in the gradient's layout), so a directional
 * derivative costs one run of the method with its tangents alongside.
 */
final class TangentWriter {
  private TangentWriter() {}

  static MethodSpec tangentEntry(MethodBody body) {
    NameAllocator names = CompanionWriter.allocator(body);
    String direction = names.newName("direction");
    GradientLayout layout = new GradientLayout(body.parameters());
    CodeBlock.Builder code = requireDirection(layout, direction, body.name() + "_tangent");
    TangentProgram.requireDistinct(body, names, code);
    List<CodeBlock> arguments = new ArrayList<>();
    body.parameters().forEach(p -> arguments.add(CodeBlock.of("$L", p.name())));
    layout.inputs().forEach(p -> arguments.add(initialTangent(p, layout, direction)));
    code.addStatement("return $L($L)", TangentProgram.directionalName(body.name()), CodeBlock.join(arguments, ",$W"));
    return MethodSpec.methodBuilder(body.name() + "_tangent")
        .addModifiers(PUBLIC, STATIC)
        .returns(double.class)
        .addJavadoc("Directional derivative of {@link $T#$L} by forward mode: the gradient times {@code $L}, with\n"
            + "{@code $L} in the layout of {@link #$L}, computed in one run, without the gradient.\n",
            body.owner(), CompanionWriter.signature(body), direction, direction, CompanionWriter.bufferSignature(body))
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L the direction, at least {@code $L} long\n", direction, layout.length())
            .add("@return the derivative of {@code $L} along {@code $L}\n", body.name(), direction)
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(double[].class, direction)
        .addCode(code.build())
        .build();
  }

  /**
   * The start of an entry that runs {@code program} along {@code direction}: the direction's length
   * checked (the message names {@code entry}), and each input's tangent taken from its share.
   */
  static CodeBlock.Builder alongDirection(MethodBody body, TangentProgram program, String direction, String entry) {
    GradientLayout layout = new GradientLayout(body.parameters());
    CodeBlock.Builder code = requireDirection(layout, direction, entry);
    program.requireDistinct(code);
    for (Variable p : layout.inputs()) {
      Variable tangent = program.tangentOf(p);
      if (tangent != null) {
        code.addStatement("$L $L = $L", p.type().code(), tangent.name(), initialTangent(p, layout, direction));
      }
    }
    return code;
  }

  /** The check that {@code direction} has a slot for each of the gradient's; the message names {@code entry}. */
  private static CodeBlock.Builder requireDirection(GradientLayout layout, String direction, String entry) {
    return CodeBlock.builder()
        .beginControlFlow("if ($L.length < $L)", direction, layout.length())
        .addStatement("throw new $T($L)", IllegalArgumentException.class,
            CompanionWriter.lengthMessage(entry + " needs a direction", layout, direction))
        .endControlFlow();
  }

  /**
   * A differentiated input's tangent at entry: its share of the direction. (Only those have one: a
   * {@code @NoDerivative} parameter never carries a derivative, which the front end checks.)
   */
  static CodeBlock initialTangent(Variable p, GradientLayout layout, String direction) {
    if (p.type() == Type.DOUBLE) {
      return CodeBlock.of("$L[$L]", direction, layout.slot(null, p, null));
    }
    if (p.type() == Type.DOUBLE_ARRAY) {
      return CodeBlock.of("$T.copyOfRange($L, $L, $L)", Arrays.class, direction, layout.slot(null, p, null),
          layout.slot(null, p, CodeBlock.of("$L.length", p.name())));
    }
    return CodeBlock.of("$T.slices($L, $L, $L)", RuntimeTypes.ROWS, direction, layout.slot(null, p, null), p.name());
  }
}
