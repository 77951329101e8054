package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ad.CalleeActivity;
import io.javagrad.processor.ad.GradientLayout;
import io.javagrad.processor.ad.ReverseSweep;
import io.javagrad.processor.ad.SeededResult;
import io.javagrad.processor.ad.TangentProgram;
import io.javagrad.processor.emit.CompanionWriter.Differentiated;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.Expressions;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Statements;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Terms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entry points of a vector-valued method {@code double[] f(...)}, in place of a scalar
 * method's: {@code f_vjp} (reverse mode, the reverse sweep of {@link SeededResult}), {@code f_jvp}
 * (forward mode, the {@link TangentProgram} of the method, whose result's tangent is the array's),
 * the Jacobian {@code f(..., double[][] jacobian)}, one of them per row or per column, and the
 * dynamic twin returning {@code Value[]}.
 */
final class VectorWriter {
  private VectorWriter() {}

  static List<MethodSpec> entries(Differentiated m, CalleeActivity callees) {
    return List.of(jacobianEntry(m.body()), vjpEntry(m, callees), jvpEntry(m, callees),
        new TwinWriter(m.body(), m.activity()).write(m.body().name(), PUBLIC));
  }

  /**
   * {@code double[] f_vjp(args..., double[] seed, double[] grad)}: the value, and {@code seedᵀ J}
   * into {@code grad}: one forward and one reverse sweep, as a gradient costs. (Its Javadoc writes
   * {@code seed^T J}: generated code stays ASCII, whatever javac's encoding.)
   */
  private static MethodSpec vjpEntry(Differentiated m, CalleeActivity callees) {
    MethodBody body = m.body();
    NameAllocator names = CompanionWriter.allocator(body);
    String entry = body.name() + "_vjp";
    SeededResult seeded = SeededResult.of(body, names, entry);
    String grad = names.newName("grad");
    GradientLayout layout = new GradientLayout(body.parameters());
    Differentiated scalar = new Differentiated(seeded.body(), Activity.of(seeded.body()), m.copies(), false);
    ReverseSweep.Output output = CompanionWriter.output(Terms.ONE, CodeBlock.of("$L", grad), null,
        CodeBlock.of("$L", seeded.vector()));
    return MethodSpec.methodBuilder(entry)
        .addModifiers(PUBLIC, STATIC)
        .returns(double[].class)
        .addJavadoc("Value of {@link $T#$L}, and the vector-Jacobian product {@code $L}^T J by reverse mode:\n"
            + "$L.\n", body.owner(), body.sourceSignature(), seeded.seed().name(),
            CompanionWriter.slotDescription(layout, grad).replace("d/d", seeded.seed().name() + "^T d" + body.name()
                + "/d"))
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L the weight of each element of the value; as long as the value\n", seeded.seed().name())
            .add("@param $L receives {@code $L}^T J; at least {@code $L} long\n", grad, seeded.seed().name(),
                layout.length())
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(double[].class, seeded.seed().name())
        .addParameter(double[].class, grad)
        .beginControlFlow("if ($L.length < $L)", grad, layout.length())
        .addStatement("throw new $T($L)", IllegalArgumentException.class,
            CompanionWriter.lengthMessage(entry + " needs a gradient buffer", layout, grad))
        .endControlFlow()
        // The gradient buffer is cleared first, and the seed read in the reverse sweep: f_vjp(x, v, v) reads a copy.
        .beginControlFlow("if ($L == $L)", seeded.seed().name(), grad)
        .addStatement("$L = $L.clone()", seeded.seed().name(), seeded.seed().name())
        .endControlFlow()
        .addCode(CompanionWriter.sweep(scalar, names, output, callees))
        .build();
  }

  /**
   * {@code double[] f_jvp(args..., double[] direction, double[] out)}: the value, and {@code J
   * direction} into {@code out}: one run of the method with its tangents alongside.
   */
  private static MethodSpec jvpEntry(Differentiated m, CalleeActivity callees) {
    MethodBody body = m.body();
    NameAllocator names = CompanionWriter.allocator(body);
    String direction = names.newName("direction");
    String out = names.newName("out");
    String entry = body.name() + "_jvp";
    TangentProgram program = new TangentProgram(body, m.activity(), callees, names);
    List<Stmt> statements = new ArrayList<>(program.statements());
    // The final return returns the array's tangent, or 0 where no derivative reaches the array.
    Stmt.Return tangentReturn = (Stmt.Return) statements.remove(statements.size() - 1);
    Variable result = body.vectorResult();
    CodeBlock.Builder code = TangentWriter.alongDirection(body, program, direction, entry)
        .add(new StatementCode().of(statements))
        .beginControlFlow("if ($L.length < $L.length)", out, result.name())
        .addStatement("throw new $T($S + $L.length + $S + $L.length)", IllegalArgumentException.class,
            entry + " needs an out buffer of length ", result.name(), ", the length of the value, but got ", out)
        .endControlFlow();
    if (tangentReturn.value() instanceof Expr.Read tangent && tangent.type().isDoubleArray()) {
      code.addStatement("$T.arraycopy($L, 0, $L, 0, $L.length)", System.class, tangent.variable().name(), out,
          result.name());
    } else {
      code.addStatement("$T.fill($L, 0, $L.length, 0.0)", Arrays.class, out, result.name());
    }
    GradientLayout layout = new GradientLayout(body.parameters());
    return MethodSpec.methodBuilder(entry)
        .addModifiers(PUBLIC, STATIC)
        .returns(double[].class)
        .addJavadoc("Value of {@link $T#$L}, and the Jacobian-vector product J {@code $L} by forward mode, with\n"
            + "{@code $L} in the layout of {@link #$L}, computed in one run.\n", body.owner(),
            body.sourceSignature(), direction, direction, jacobianSignature(body))
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L the direction, at least {@code $L} long\n", direction, layout.length())
            .add("@param $L receives J {@code $L}; at least as long as the value\n", out, direction)
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(double[].class, direction)
        .addParameter(double[].class, out)
        .addCode(code.addStatement("return $L", result.name()).build())
        .build();
  }

  /**
   * {@code double[] f(args..., double[][] jacobian)}: the value, then the Jacobian by whichever
   * mode runs fewer times for its shape {@code m × n}, known once the value is: a reverse sweep
   * per row ({@code f_vjp}) when {@code m < n}, else a forward run per column ({@code f_jvp}),
   * which costs less than a reverse sweep.
   */
  private static MethodSpec jacobianEntry(MethodBody body) {
    NameAllocator names = CompanionWriter.allocator(body);
    String jacobian = names.newName("jacobian");
    String value = names.newName("value");
    String n = names.newName("n");
    String i = names.newName("i");
    String j = names.newName("j");
    String unit = names.newName("unit");
    String column = names.newName("column");
    String args = body.parameters().stream().map(Variable::name).collect(Collectors.joining(", "));
    // Code run as written may change the arrays it is given: each run after the first starts from copies
    // of them as they were given.
    CodeBlock.Builder given = CodeBlock.builder();
    List<CodeBlock> runArgs = new ArrayList<>();
    Set<Variable> changeable = arraysRunAsWrittenIsGiven(body);
    for (Variable p : body.parameters()) {
      if (!changeable.contains(p)) {
        runArgs.add(CodeBlock.of("$L", p.name()));
        continue;
      }
      String copy = names.newName(p.name() + "Given");
      given.addStatement("$L $L = $L", p.type().javaName(), copy, copied(p.type(), p.name()));
      runArgs.add(copied(p.type(), copy));
    }
    CodeBlock prefix = runArgs.isEmpty() ? CodeBlock.of("") : CodeBlock.of("$L, ", CodeBlock.join(runArgs, ", "));
    GradientLayout layout = new GradientLayout(body.parameters());
    CodeBlock code = CodeBlock.builder()
        .add(given.build())
        .addStatement("double[] $L = $T.$L($L)", value, body.owner(), body.name(), args)
        .addStatement("int $L = $L", n, layout.length())
        .beginControlFlow("if ($L.length < $L.length)", jacobian, value)
        .addStatement("throw new $T($S + $L.length + $S + $L.length)", IllegalArgumentException.class,
            body.name() + " needs a Jacobian of ", value, " rows, the length of the value, but got ", jacobian)
        .endControlFlow()
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, value, i)
        .beginControlFlow("if ($L[$L].length < $L)", jacobian, i, n)
        .addStatement("throw new $T($S + $L + $S + $L + $S + $L[$L].length)", IllegalArgumentException.class,
            body.name() + " needs each row of the Jacobian of length ", n, ", one element per input slot, but row ", i,
            " has ", jacobian, i)
        .endControlFlow()
        .endControlFlow()
        .add("// A reverse sweep gives a row, a forward run a column: the fewer runs, and forward on a tie.\n")
        .beginControlFlow("if ($L.length < $L)", value, n)
        .addStatement("double[] $L = new double[$L.length]", unit, value)
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, value, i)
        .addStatement("$L[$L] = 1.0", unit, i)
        .addStatement("$L_vjp($L$L, $L[$L])", body.name(), prefix, unit, jacobian, i)
        .addStatement("$L[$L] = 0.0", unit, i)
        .endControlFlow()
        .nextControlFlow("else")
        .addStatement("double[] $L = new double[$L]", unit, n)
        .addStatement("double[] $L = new double[$L.length]", column, value)
        .beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, n, j)
        .addStatement("$L[$L] = 1.0", unit, j)
        .addStatement("$L_jvp($L$L, $L)", body.name(), prefix, unit, column)
        .addStatement("$L[$L] = 0.0", unit, j)
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, value, i)
        .addStatement("$L[$L][$L] = $L[$L]", jacobian, i, j, column, i)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addStatement("return $L", value)
        .build();
    return MethodSpec.methodBuilder(body.name())
        .addModifiers(PUBLIC, STATIC)
        .returns(double[].class)
        .addJavadoc("Value of {@link $T#$L}, and its Jacobian: {@code $L[i][k]} is the derivative of element\n"
            + "{@code i} of the value by input slot {@code k}, the slots in the layout of a gradient ($L).\n"
            + "The value is computed first, for its length {@code m}; then, with {@code n} slots, {@code m}\n"
            + "reverse sweeps give the rows where {@code m < n}, else {@code n} forward runs give the columns.\n",
            body.owner(), body.sourceSignature(), jacobian,
            CompanionWriter.slotDescription(layout, "grad").replace("writes ", ""))
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L receives the Jacobian: at least as many rows as the value has elements, each at"
                + " least {@code $L} long\n", jacobian, layout.length())
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(ArrayTypeName.of(ArrayTypeName.of(double.class)), jacobian)
        .addCode(code)
        .build();
  }

  /**
   * The parameter arrays that code run as written and not known to be pure is given ({@code
   * Arrays.setAll(t, ...)}, a call of a library's): it may write into them. (The method's own
   * writes into its parameter arrays are refused, see {@code VectorResults}.)
   */
  private static Set<Variable> arraysRunAsWrittenIsGiven(MethodBody body) {
    return Statements.expressionsIn(body.statements()).stream()
        .flatMap(Expressions::preorder)
        .filter(e -> e instanceof Expr.Opaque opaque && !opaque.pure())
        .flatMap(e -> ((Expr.Opaque) e).reads().stream())
        .map(Expr.Read::variable)
        .filter(v -> v.isParameter() && v.type().isDoubleArray())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** A new copy of the array {@code name}, a double[][]'s row by row. */
  private static CodeBlock copied(Type type, String name) {
    return type == Type.DOUBLE_ARRAY ? CodeBlock.of("$L.clone()", name)
        : CodeBlock.of("$T.stream($L).map(double[]::clone).toArray(double[][]::new)", Arrays.class, name);
  }

  /** {@code f(double, double[], double[][])}, the Jacobian entry, as a Javadoc link names it. */
  private static String jacobianSignature(MethodBody body) {
    List<String> types = new ArrayList<>();
    body.parameters().forEach(p -> types.add(p.type().javaName()));
    types.add("double[][]");
    return body.name() + "(" + String.join(", ", types) + ")";
  }
}
