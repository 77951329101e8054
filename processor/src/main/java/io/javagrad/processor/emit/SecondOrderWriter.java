package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
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
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>A caller's directional function runs a call through the callee's directional function and its
 * pullback, so every companion has both, helpers differentiated on demand included. A method that
 * calls a {@code @DerivativeOf} rule has no second derivatives, nor one whose second derivatives
 * would not fit in a Java method ({@link #CODE_BUDGET}): its entries are written all the same,
 * documented, and throw {@link UnsupportedOperationException} saying why.
 */
final class SecondOrderWriter {
  /**
   * The most characters of code that the two directional entries may take together: past it, the
   * pullback could pass the Java limit of 64 KB of bytecode per method (about two characters of
   * this code make a byte), so the method gets no second derivatives rather than a companion that
   * does not compile. A sum of a thousand terms stays below; two thousand pass it.
   */
  static final int CODE_BUDGET = 100_000;

  private final Differentiated method;
  private final String entry;
  private final Modifier access;
  private final ClassName companion;
  /** The directional function as a method of the intermediate form; null where it has no second derivatives. */
  private final MethodBody directional;
  private final CodeBlock directionalCode;
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
    this.access = method.helperEntry() != null ? PRIVATE : PUBLIC;
    this.companion = companion;
    MethodBody body = method.body();
    String name = TangentProgram.directionalName(entry);
    MethodBody built = null;
    CodeBlock code = null;
    MethodSpec pullback = null;
    String why = null;
    try {
      built = new TangentProgram(body, method.activity(), callees, CompanionWriter.allocator(body))
          .directionalBody(companion, name);
      code = new StatementCode().of(built.statements());
      Differentiated differentiated = new Differentiated(built, Activity.of(built), method.copies(), null);
      pullback = CompanionWriter.pullbackEntry(differentiated, name, access, callees, CodeBlock.of(
          "the layout of {@link #$L}, then the tangents' slots in the same layout",
          CompanionWriter.bufferSignature(body)));
      if (code.toString().length() + pullback.code().toString().length() > CODE_BUDGET) {
        why = body.name() + " has no second derivatives: their code would pass the Java limit of 64 KB per method";
      }
    } catch (SecondOrderUnsupported e) {
      why = body.name() + " has no second derivatives: it calls " + e.reason();
    }
    this.unsupported = why;
    this.directional = why == null ? built : null;
    this.directionalCode = code;
    this.directionalPullback = pullback;
  }

  /** {@code f_directional} and its pullback: what a caller's second derivatives call. */
  List<MethodSpec> directionalEntries() {
    MethodBody body = directionalSignature();
    String name = TangentProgram.directionalName(entry);
    MethodSpec.Builder plain = MethodSpec.methodBuilder(name)
        .addModifiers(access, STATIC)
        .returns(double.class)
        .addJavadoc("Derivative of {@link $T#$L} along the tangents of its inputs, as a function of the inputs and\n"
            + "the tangents, so that second derivatives can differentiate it in its turn.$L\n",
            method.body().owner(), CompanionWriter.signature(method.body()), unsupportedNote())
        .addJavadoc(tags(body).add("@return the derivative along the tangents\n").build())
        .addParameters(CompanionWriter.parameters(body));
    if (directional != null) {
      return List.of(plain.addCode(directionalCode).build(), directionalPullback);
    }
    NameAllocator names = CompanionWriter.allocator(body);
    String seed = names.newName("seed");
    String adjoints = names.newName("adjoints");
    String offset = names.newName("offset");
    return List.of(plain.addStatement(throwUnsupported()).build(),
        MethodSpec.methodBuilder(CalleeResolver.pullbackName(name))
            .addModifiers(access, STATIC)
            .returns(double.class)
            .addJavadoc("Pullback of {@link #$L}.$L\n", CompanionWriter.signature(body), unsupportedNote())
            .addJavadoc(tags(body)
                .add("@param $L the factor of the gradient\n@param $L would receive it\n", seed, adjoints)
                .add("@param $L the index of the first slot\n@return never returns\n", offset)
                .build())
            .addParameters(CompanionWriter.parameters(body))
            .addParameter(double.class, seed)
            .addParameter(double[].class, adjoints)
            .addParameter(int.class, offset)
            .addStatement(throwUnsupported())
            .build());
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
    String products = names.newName("products");
    String n = names.newName("n");
    GradientLayout layout = new GradientLayout(body.parameters());
    CodeBlock.Builder code = CodeBlock.builder();
    requireLength(code, body.name() + "_hvp needs a direction", layout, v);
    requireLength(code, body.name() + "_hvp needs a buffer for H v", layout, hv);
    if (directional == null) {
      code.addStatement(throwUnsupported());
    } else {
      code.addStatement("int $L = $L", n, layout.length())
          .add("// H v in the arguments' slots, the gradient in the tangents'\n")
          .addStatement("double[] $L = new double[2 * $L]", products, n)
          .addStatement("$L($L)", CalleeResolver.pullbackName(TangentProgram.directionalName(entry)),
              directionalArguments(layout, v, products))
          .addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, products, hv, n)
          .add(gradientLast(grad));
    }
    return MethodSpec.methodBuilder(body.name() + "_hvp")
        .addModifiers(PUBLIC, STATIC)
        .returns(double.class)
        .addJavadoc("Value, gradient and Hessian-vector product of {@link $T#$L}: the gradient into {@code $L}, as\n"
            + "{@link #$L} writes it, and the Hessian times {@code $L} into {@code $L}, both in that layout; by reverse\n"
            + "mode over forward mode: one run of the directional pullback and one of the gradient entry.$L\n", body.owner(),
            CompanionWriter.signature(body), grad, CompanionWriter.bufferSignature(body), v, hv, unsupportedNote())
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
    String n = names.newName("n");
    String unit = names.newName("unit");
    String products = names.newName("products");
    String i = names.newName("i");
    String j = names.newName("j");
    String mean = names.newName("mean");
    GradientLayout layout = new GradientLayout(body.parameters());
    CodeBlock.Builder code = CodeBlock.builder().addStatement("int $L = $L", n, layout.length())
        .beginControlFlow("if ($L.length < $L * $L)", hessian, n, n)
        .addStatement("throw new $T($S + $L * $L + $S + $L.length)", IllegalArgumentException.class,
            body.name() + "_hessian needs a Hessian buffer of length ", n, n, ", but got ", hessian)
        .endControlFlow();
    if (directional == null) {
      code.addStatement(throwUnsupported());
    } else {
      code.addStatement("double[] $L = new double[$L]", unit, n)
          .addStatement("double[] $L = new double[2 * $L]", products, n)
          .add("// Row i is H e_i, the Hessian-vector product with the i-th unit vector.\n")
          .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i)
          .addStatement("$L[$L] = 1", unit, i)
          .addStatement("$L($L)", CalleeResolver.pullbackName(TangentProgram.directionalName(entry)),
              directionalArguments(layout, unit, products))
          .addStatement("$T.arraycopy($L, 0, $L, $L * $L, $L)", System.class, products, hessian, i, n, n)
          .addStatement("$L[$L] = 0", unit, i)
          .endControlFlow()
          .add("// The two products that give an entry agree up to rounding; their mean makes it exactly symmetric.\n")
          .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, n, i)
          .beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, i, j)
          .addStatement("double $L = 0.5 * ($L[$L * $L + $L] + $L[$L * $L + $L])", mean, hessian, i, n, j, hessian, j,
              n, i)
          .addStatement("$L[$L * $L + $L] = $L", hessian, i, n, j, mean)
          .addStatement("$L[$L * $L + $L] = $L", hessian, j, n, i, mean)
          .endControlFlow()
          .endControlFlow()
          .add(gradientLast(grad));
    }
    return MethodSpec.methodBuilder(body.name() + "_hessian")
        .addModifiers(PUBLIC, STATIC)
        .returns(double.class)
        .addJavadoc("Value, gradient and Hessian of {@link $T#$L}: the gradient into {@code $L}, as {@link #$L}\n"
            + "writes it, and the {@code n x n} Hessian over its {@code n} slots into {@code $L}, row-major\n"
            + "({@code $L[i * n + j]} = d2/dslot_i dslot_j); one Hessian-vector product per slot.$L\n",
            body.owner(), CompanionWriter.signature(body), grad, CompanionWriter.bufferSignature(body), hessian,
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
    return CodeBlock.join(args, ", ");
  }

  /** The directional function's parameters: those built, or, where it cannot be, the same names worked out again. */
  private MethodBody directionalSignature() {
    if (directional != null) {
      return directional;
    }
    MethodBody body = method.body();
    List<Variable> parameters = new ArrayList<>(body.parameters());
    parameters.addAll(TangentProgram.tangentParameters(body, CompanionWriter.allocator(body)));
    return new MethodBody(companion, TangentProgram.directionalName(entry), parameters, List.of(), body.identifiers(),
        body.callees());
  }

  private CodeBlock.Builder tags(MethodBody directionalBody) {
    CodeBlock.Builder tags = CodeBlock.builder().add("\n");
    int inputs = method.body().parameters().size();
    List<Variable> parameters = directionalBody.parameters();
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


  private static void requireLength(CodeBlock.Builder code, String needs, GradientLayout layout, String array) {
    code.beginControlFlow("if ($L.length < $L)", array, layout.length())
        .addStatement("throw new $T($L)", IllegalArgumentException.class, CompanionWriter.lengthMessage(needs, layout,
            array))
        .endControlFlow();
  }
}
