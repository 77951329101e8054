package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ad.CalleeActivity;
import io.javagrad.processor.ad.GradientLayout;
import io.javagrad.processor.ad.TangentProgram;
import io.javagrad.processor.emit.CompanionWriter.Differentiated;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes forward mode: {@code f_valueAndTangent}, the method's tangent program, and {@code
 * f_tangent(args..., double[] direction)}, {@code ∇f · direction}, which runs it (through {@code
 * f_directional}) with each parameter's tangent taken from its share of the direction (in the
 * gradient's layout), so a directional derivative costs one run of the method with its tangents
 * alongside.
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
            body.owner(), body.sourceSignature(), direction, direction, CompanionWriter.bufferSignature(body))
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
   * {@code f_valueAndTangent(args..., tangents..., double[] tangent)} ({@link
   * TangentProgram#valueAndTangentName}): the value, and the derivative along the inputs' tangents
   * written into {@code tangent[0]}: forward mode's one copy of the method's tangent program, which
   * {@code f_tangent} and {@code f_directional} run and through which a caller's forward mode runs
   * a call, so its access is the pullback's.
   */
  static MethodSpec valueAndTangentEntry(Differentiated m, String name, Modifier access, CalleeActivity callees) {
    MethodBody body = m.body();
    NameAllocator names = CompanionWriter.allocator(body);
    Variable into = new Variable(names.newName("tangent"), Type.DOUBLE_ARRAY, Variable.Kind.PARAMETER);
    TangentProgram program = new TangentProgram(body, m.activity(), callees, names);
    List<Stmt> statements = program.statementsWritingTangent(into);
    MethodSpec.Builder entry = MethodSpec.methodBuilder(TangentProgram.valueAndTangentName(name))
        .addModifiers(access, STATIC)
        .returns(double.class)
        .addJavadoc("Value of {@link $T#$L}, and its derivative along the tangents of its inputs, written into\n"
            + "{@code $L[0]}: forward mode, in one run.\n", body.owner(), body.sourceSignature(),
            into.name())
        .addParameters(CompanionWriter.parameters(body));
    CodeBlock.Builder tags = tangentParameters(entry, program, body, names);
    tags.add("@param $L receives the derivative in its first element\n", into.name())
        .add("@return the value of {@code $L}\n", body.name());
    CodeBlock.Builder code = CodeBlock.builder();
    program.requireDistinct(code);
    return entry.addJavadoc(tags.build()).addParameter(double[].class, into.name())
        .addCode(code.add(new StatementCode().of(statements)).build())
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

  /**
   * Adds to {@code entry} a tangent parameter per differentiated input of {@code body}, as {@code
   * program} names them, and returns the Javadoc tags of the parameters so far.
   */
  static CodeBlock.Builder tangentParameters(MethodSpec.Builder entry, TangentProgram program, MethodBody body,
      NameAllocator names) {
    CodeBlock.Builder tags = CompanionWriter.javadocTags(body);
    for (Variable p : new GradientLayout(body.parameters()).inputs()) {
      Variable tangent = program.tangentOf(p);
      // An input whose derivative does not reach the result still takes its place in the signature.
      String tangentName = tangent != null ? tangent.name() : names.newName("_d_" + p.name());
      entry.addParameter(CompanionWriter.javaType(p.type()), tangentName);
      tags.add("@param $L the tangent of {@code $L}\n", tangentName, p.name());
    }
    return tags;
  }
}
