package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ad.CalleeActivity;
import io.javagrad.processor.ad.GradientLayout;
import io.javagrad.processor.ad.SecondOrderUnsupported;
import io.javagrad.processor.ad.TangentProgram;
import io.javagrad.processor.emit.CompanionWriter.Differentiated;
import io.javagrad.processor.front.CalleeResolver;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes second derivatives by reverse over forward. A method's forward mode, as a method of its
 * own ({@link TangentProgram#directionalBody}), is {@code f_directional(args..., tangents...)}; its
 * pullback, written by the reverse sweep like any other, is {@code f_directional_pullback}, whose
 * gradient holds the Hessian times the tangents in the arguments' slots. From it:
 *
 * <ul>
 *   <li>{@code f_hvp(args..., v, grad, hv)}: {@code H v}, one run of the directional pullback,
 *       and the value and gradient, from the gradient entry;
 *   <li>{@code f_hessian(args..., grad, hessian)}: one run per unit vector, made exactly symmetric.
 * </ul>
 *
 * The loops of both are the runtime's ({@code io.javagrad.SecondDerivatives}), which each entry
 * hands its directional pullback as a lambda: a companion carries one call, not a copy of them.
 *
 * <p>{@code f_directional} computes what {@code f_valueAndTangent}, forward mode's one copy of the
 * tangent program, computes, so its code runs that ({@code f_tangent} runs it in turn); only its
 * pullback is written from the program of {@link TangentProgram#directionalBody}. A caller's second
 * derivatives run a call through the callee's directional function and its pullback, so every
 * companion has both, helpers differentiated on demand included; a call of a method with a {@code
 * @DerivativeOf} rule runs the rule's tangent, a helper javagrad makes of the rule's body. A method
 * that calls a rule whose tangent could not be made has no second derivatives, nor one whose second
 * derivatives would not fit in a Java method ({@link CodeSize}): its directional function is written
 * all the same, and its
 * pullback, {@code f_hvp} and {@code f_hessian}, documented, throw {@link
 * UnsupportedOperationException} saying why.
 */
final class SecondOrderWriter {

  private final Differentiated method;
  private final String entry;
  private final Modifier access;
  /**
   * The directional function as a method of the intermediate form; where the method has no second
   * derivatives, its signature alone.
   */
  private final MethodBody directional;
  /** Its pullback; null where the method has no second derivatives. */
  private final MethodSpec directionalPullback;
  /** Why the method has no second derivatives, or null. */
  private final String unsupported;

  /**
   * @param entry the name of the method's entries: its own, or a helper's private one
   * @param companion the class that holds the entries
   */
  SecondOrderWriter(Differentiated method, String entry, ClassName companion, CalleeActivity callees) {
    this.method = method;
    this.entry = entry;
    this.access = method.access();
    MethodBody body = method.body();
    String name = TangentProgram.directionalName(entry);
    MethodBody built = null;
    MethodSpec pullback = null;
    String why = null;
    try {
      TangentProgram program = new TangentProgram(body, method.activity(), callees, CompanionWriter.allocator(body));
      built = program.directionalBody(companion, name);
      Differentiated differentiated = new Differentiated(built, Activity.of(built), method.copies(), false);
      pullback = CompanionWriter.pullbackEntry(differentiated, name, access, callees, CodeBlock.of(
          "$L, then the tangents' slots in the same layout (the gradient of {@code $L} itself), then, in the"
          + " slot after, the value of {@code $L}", CompanionWriter.gradientLayout(method), body.name(), body.name()),
          program.primalValue());
      // The directional pullback is a first-order entry of the directional body, which bounds its size.
      if (CodeSize.mayPassLimit(built) && !CodeSize.fits(pullback)) {
        why = body.name() + " has no second derivatives: their code would pass the Java limit of 64 KB per method";
        pullback = null;
      }
    } catch (SecondOrderUnsupported e) {
      why = body.name() + " has no second derivatives: it calls " + e.reason();
    }
    this.unsupported = why;
    this.directional = built != null ? built : directionalSignature(companion, name);
    this.directionalPullback = pullback;
  }

  /** The directional function's parameters, where it cannot be built: the same names worked out again. */
  private MethodBody directionalSignature(ClassName companion, String name) {
    MethodBody body = method.body();
    List<Variable> parameters = new ArrayList<>(body.parameters());
    parameters.addAll(TangentProgram.tangentParameters(body, CompanionWriter.allocator(body)));
    return new MethodBody(companion, name, parameters, List.of(), body.identifiers(), body.callees());
  }

  /**
   * {@code f_directional}, the derivative along the tangents as a function of its own, whose
   * pullback second derivatives run ({@link #directionalPullbackEntry()}). It computes what {@code
   * f_valueAndTangent} computes, so it runs that, forward mode's one copy of the tangent program.
   */
  MethodSpec directionalEntry() {
    String name = TangentProgram.directionalName(entry);
    NameAllocator names = CompanionWriter.allocator(directional);
    String tangent = names.newName("tangent");
    List<String> arguments = directional.parameters().stream().map(Variable::name).collect(Collectors.toList());
    arguments.add(tangent);
    return MethodSpec.methodBuilder(name)
        .addModifiers(access, STATIC)
        .returns(double.class)
        .addJavadoc("Derivative of {@link $T#$L} along the tangents of its inputs, as a function of the inputs and\n"
            + "the tangents, so that second derivatives can differentiate it in its turn.\n",
            method.body().owner(), method.body().sourceSignature())
        .addJavadoc(tags().add("@return the derivative along the tangents\n").build())
        .addParameters(CompanionWriter.parameters(directional))
        .addStatement("double[] $L = new double[1]", tangent)
        .addStatement("$L($L)", TangentProgram.valueAndTangentName(entry), String.join(", ", arguments))
        .addStatement("return $L[0]", tangent)
        .build();
  }

  /** The pullback of {@code f_directional}: the tangent program as {@link TangentProgram#directionalBody} writes it, differentiated. */
  MethodSpec directionalPullbackEntry() {
    return directionalPullback != null ? directionalPullback : unsupportedPullback(TangentProgram.directionalName(entry));
  }

  private MethodSpec unsupportedPullback(String name) {
    NameAllocator names = CompanionWriter.allocator(directional);
    String seed = names.newName("seed");
    String adjoints = names.newName("adjoints");
    String offset = names.newName("offset");
    return MethodSpec.methodBuilder(CalleeResolver.pullbackName(name))
        .addModifiers(access, STATIC)
        .returns(double.class)
        .addJavadoc("Pullback of {@link #$L}.$L\n", directional.sourceSignature(), unsupportedNote())
        .addJavadoc(tags()
            .add("@param $L the factor of the gradient\n@param $L would receive it\n", seed, adjoints)
            .add("@param $L the index of the first slot\n@return never returns\n", offset)
            .build())
        .addParameters(CompanionWriter.parameters(directional))
        .addParameter(double.class, seed)
        .addParameter(double[].class, adjoints)
        .addParameter(int.class, offset)
        .addStatement(throwUnsupported())
        .build();
  }

  /** {@code f_hvp} and {@code f_hessian}. */
  List<MethodSpec> entries() {
    return List.of(hvpEntry(), hessianEntry());
  }

  private MethodSpec hvpEntry() {
    MethodBody body = method.body();
    NameAllocator names = CompanionWriter.allocator(body);
    String v = names.newName("v");
    String grad = names.newName("grad");
    String hv = names.newName("hv");
    GradientLayout layout = new GradientLayout(body.parameters());
    CodeBlock.Builder code = CodeBlock.builder();
    if (unsupported != null) {
      code.addStatement(throwUnsupported());
    } else {
      code.addStatement("$T.hvp($S, $L, $L, $L, $L,$W$L)", RuntimeTypes.SECOND_DERIVATIVES, body.name() + "_hvp",
              layout.length(), v, grad, hv, directionalPullbackRun(layout, names, "direction"))
          .add(gradientLast(grad));
    }
    return MethodSpec.methodBuilder(body.name() + "_hvp")
        .addModifiers(PUBLIC, STATIC)
        .returns(double.class)
        .addJavadoc("Value, gradient and Hessian-vector product of {@link $T#$L}: the gradient into {@code $L}, as\n"
            + "{@link #$L} writes it, and the Hessian times {@code $L} into {@code $L}, both in that layout; by reverse\n"
            + "mode over forward mode: one run of the directional pullback and one of the gradient entry.$L\n", body.owner(),
            body.sourceSignature(), grad, CompanionWriter.bufferSignature(body), v, hv, unsupportedNote())
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L the vector, at least {@code $L} long\n", v, layout.length())
            .add("@param $L receives the gradient; at least {@code $L} long\n", grad, layout.length())
            .add("@param $L receives the Hessian times {@code $L}; at least {@code $L} long\n", hv, v, layout.length())
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(double[].class, v)
        .addParameter(double[].class, grad)
        .addParameter(double[].class, hv)
        .addCode(code.build())
        .build();
  }

  private MethodSpec hessianEntry() {
    MethodBody body = method.body();
    NameAllocator names = CompanionWriter.allocator(body);
    String grad = names.newName("grad");
    String hessian = names.newName("hessian");
    GradientLayout layout = new GradientLayout(body.parameters());
    CodeBlock.Builder code = CodeBlock.builder();
    if (unsupported != null) {
      code.addStatement(throwUnsupported());
    } else {
      code.addStatement("$T.hessian($S, $L, $L, $L,$W$L)", RuntimeTypes.SECOND_DERIVATIVES, body.name() + "_hessian",
              layout.length(), grad, hessian, directionalPullbackRun(layout, names, "unit"))
          .add(gradientLast(grad));
    }
    return MethodSpec.methodBuilder(body.name() + "_hessian")
        .addModifiers(PUBLIC, STATIC)
        .returns(double.class)
        .addJavadoc("Value, gradient and Hessian of {@link $T#$L}: the gradient into {@code $L}, as {@link #$L}\n"
            + "writes it, and the {@code n x n} Hessian over its {@code n} slots into {@code $L}, row-major\n"
            + "({@code $L[i * n + j]} = d2/dslot_i dslot_j); one Hessian-vector product per slot.$L\n",
            body.owner(), body.sourceSignature(), grad, CompanionWriter.bufferSignature(body), hessian,
            hessian, unsupportedNote())
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L receives the gradient; at least {@code $L} long\n", grad, layout.length())
            .add("@param $L receives the Hessian; at least {@code n * n} long, {@code n = $L}\n", hessian,
                layout.length())
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(double[].class, grad)
        .addParameter(double[].class, hessian)
        .addCode(code.build())
        .build();
  }

  /**
   * A lambda that runs the directional pullback with seed 1 along its first argument, writing the
   * gradient into its second from slot 0 on: the {@code SecondDerivatives.DirectionalPullback} of
   * the method.
   */
  private CodeBlock directionalPullbackRun(GradientLayout layout, NameAllocator names, String along) {
    String direction = names.newName(along);
    String products = names.newName("products");
    return CodeBlock.of("($L, $L) -> $L($L)", direction, products,
        CalleeResolver.pullbackName(TangentProgram.directionalName(entry)),
        directionalArguments(layout, direction, products));
  }

  /**
   * The value and the gradient, from the gradient entry, run last: where the method writes into
   * its arguments' arrays, on the caller's, as the method does.
   */
  private CodeBlock gradientLast(String grad) {
    MethodBody body = method.body();
    CodeBlock.Builder code = CodeBlock.builder();
    if (!body.writtenParameters().isEmpty()) {
      code.add("// Last, on the caller's arrays, which it writes into as the method does.\n");
    }
    return code.addStatement("return $L($L)", body.name(),
        String.join(", ", CompanionWriter.withArguments(body, List.of(grad)))).build();
  }

  /**
   * The method's arguments, a copy of each array it writes into, so that every run starts from the
   * caller's values, then each input's tangent taken from its share of {@code direction}, then the
   * pullback's seed 1 and {@code products}, which receives the gradient from slot 0 on.
   */
  private CodeBlock directionalArguments(GradientLayout layout, String direction, String products) {
    List<CodeBlock> args = new ArrayList<>();
    List<Variable> written = method.body().writtenParameters();
    for (Variable p : method.body().parameters()) {
      if (!written.contains(p)) {
        args.add(CodeBlock.of("$L", p.name()));
      } else if (p.type() == Type.DOUBLE_ARRAY) {
        args.add(CodeBlock.of("$L.clone()", p.name()));
      } else {
        args.add(CodeBlock.of("$T.stream($L).map(double[]::clone).toArray(double[][]::new)", Arrays.class, p.name()));
      }
    }
    layout.inputs().forEach(p -> args.add(TangentWriter.initialTangent(p, layout, direction)));
    args.add(CodeBlock.of("1.0, $L, 0", products));
    return CodeBlock.join(args, ",$W");
  }

  private CodeBlock.Builder tags() {
    CodeBlock.Builder tags = CodeBlock.builder().add("\n");
    int inputs = method.body().parameters().size();
    List<Variable> parameters = directional.parameters();
    for (int k = 0; k < parameters.size(); k++) {
      Variable p = parameters.get(k);
      tags.add(k < inputs ? "@param $L as for {@code $L.$L}\n" : "@param $L a tangent, of {@code $L.$L}'s input of that place\n",
          p.name(), method.body().owner().simpleName(), method.body().name());
    }
    return tags;
  }

  private CodeBlock throwUnsupported() {
    return CodeBlock.of("throw new $T($S)", UnsupportedOperationException.class, unsupported);
  }

  private String unsupportedNote() {
    return unsupported == null ? "" : "\n\n<p>Throws {@link UnsupportedOperationException}: " + unsupported + ".";
  }
}
