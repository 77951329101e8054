package io.javagrad.processor.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ad.CalleeActivity;
import io.javagrad.processor.ad.ReverseSweep;
import io.javagrad.processor.ad.SeededResult;
import io.javagrad.processor.ad.TangentProgram;
import io.javagrad.processor.emit.CompanionWriter.Differentiated;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.Expr;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.RuntimeTypes;
import io.javagrad.processor.ir.Stmt;
import io.javagrad.processor.ir.Variable;
import io.javagrad.processor.term.Term;
import io.javagrad.processor.term.Terms;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.type.TypeKind;

/**
 * The entries of a helper returning a new {@code double[]} that calls itself, differentiated on
 * demand and called through recorded calls ({@link Callee#arrayHelper}, {@code
 * io.javagrad.CallRecord}), in place of a helper's pullback:
 *
 * <ul>
 *   <li>{@code h$forward(args..., record)}: the helper's body as written, whose calls of such helpers
 *       run their own {@code $forward}, each given a record of its own, and whose return keeps a copy
 *       of the value in {@code record}; what a caller's forward sweep runs.
 *   <li>{@code h$vjp(args..., record, seed, adjoints, offset)}: the reverse sweep of {@code seedᵀ h}
 *       ({@link SeededResult}), whose forward sweep takes each such call's value from {@code record}
 *       instead of making it, and whose reverse runs each call's {@code $vjp} with the call's record;
 *       what a caller's reverse sweep runs, with the adjoint of the value as the seed.
 *   <li>{@code h_valueAndTangent(args..., tangents..., tangent)}: forward mode, which records nothing.
 *   <li>The dynamic twin, returning {@code Value[]}.
 * </ul>
 *
 * <p>Each call thus runs twice, forward and replayed, whatever the depth: the cost of a gradient is
 * linear in the calls. A recursive helper's entries count their levels ({@link RecursionLevels}).
 */
final class RecordedCallsWriter {
  private RecordedCallsWriter() {}

  static List<MethodSpec> entries(Differentiated m, CalleeActivity callees) {
    List<MethodSpec> entries = new ArrayList<>();
    entries.addAll(CompanionWriter.reached(m, forwardEntry(m)));
    entries.addAll(CompanionWriter.reached(m, vjpEntry(m, callees)));
    entries.addAll(CompanionWriter.reached(m, valueAndTangentEntry(m, callees)));
    entries.addAll(CompanionWriter.reached(m, new TwinWriter(m.body(), m.activity()).write(m.helperEntry(), PRIVATE)));
    if (m.demanded() != null && m.demanded().method().getReturnType().getKind() != TypeKind.ARRAY) {
      entries.addAll(CompanionWriter.reached(m, packedEntry(m)));
    }
    return entries;
  }

  /**
   * {@code h$packed}, for a helper that writes into arrays it is given ({@link Callee#inPlaceHelper}):
   * its body as the companion holds it, which runs on copies of those arrays and returns them packed,
   * run as written where no derivative flows through a call.
   */
  private static MethodSpec packedEntry(Differentiated m) {
    MethodBody body = m.body();
    return MethodSpec.methodBuilder(Callee.packedName(m.helperEntry()))
        .addModifiers(PRIVATE, STATIC)
        .returns(double[].class)
        .addJavadoc("{@link $T#$L} run on copies of the arrays it writes into, which it returns one after the\n"
            + "other (then its value, if it returns one), for the calls through which no derivative flows.\n",
            body.owner(), body.sourceSignature())
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@return the arrays it wrote into, packed\n")
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addCode(new StatementCode().of(body.statements()))
        .build();
  }

  /**
   * {@code h$forward}: the body as written, but for the calls the reverse sweep goes through by
   * recorded calls (those through which a derivative flows in {@code h$vjp}, which replays them),
   * and the return, which keeps the value.
   */
  private static MethodSpec forwardEntry(Differentiated m) {
    MethodBody body = m.body();
    NameAllocator names = CompanionWriter.allocator(body);
    String record = names.newName("record");
    // The calls h$vjp replays: those its sweep, over the seeded body, finds active.
    Activity replayed = Activity.of(SeededResult.of(body, CompanionWriter.allocator(body), "").body());
    Variable result = body.vectorResult();
    StatementCode plain = new StatementCode();
    StatementCode code = new StatementCode(s -> {
      if (s instanceof Stmt.Return) {
        return CodeBlock.of("$L.returned($L)", record, result.name());
      }
      if (s.value() instanceof Expr.Invoke call && call.callee().returnsArray() && replayed.isActive(s)) {
        CodeBlock args = CodeBlock.join(call.args().stream().map(plain::expression).toList(), ", ");
        return CodeBlock.of("$T.$L($L, $L.call())", call.callee().companion(),
            Callee.forwardName(call.callee().entry()), args, record);
      }
      return null;
    });
    return MethodSpec.methodBuilder(Callee.forwardName(m.helperEntry()))
        .addModifiers(PRIVATE, STATIC)
        .returns(double[].class)
        .addJavadoc("{@link $T#$L} run as written, for the forward sweep of a caller through which a derivative\n"
            + "flows: it keeps its value, and the records of the calls it makes that its vector-Jacobian\n"
            + "product {@link #$L} replays, in {@code $L}.\n", body.owner(), body.sourceSignature(),
            Callee.vjpName(m.helperEntry()), record)
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L receives the value and the records of the calls\n", record)
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(RuntimeTypes.CALL_RECORD, record)
        .addCode(code.of(body.statements()))
        .build();
  }

  /**
   * {@code h$vjp}: writes {@code seedᵀ J} into {@code adjoints} from {@code offset} on, in the order of
   * the parameters, each double a slot and each array's elements slots, and returns the value again.
   */
  private static MethodSpec vjpEntry(Differentiated m, CalleeActivity callees) {
    MethodBody body = m.body();
    NameAllocator names = CompanionWriter.allocator(body);
    String entry = Callee.vjpName(m.helperEntry());
    String record = names.newName("record");
    SeededResult seeded = SeededResult.of(body, names, entry);
    String adjoints = names.newName("adjoints");
    String offset = names.newName("offset");
    Differentiated scalar = new Differentiated(seeded.body(), Activity.of(seeded.body()), m.copies(), false);
    ReverseSweep.Output output = new ReverseSweep.Output() {
      @Override
      public Term seed() {
        return Terms.ONE;
      }

      @Override
      public CodeBlock array() {
        return CodeBlock.of("$L", adjoints);
      }

      @Override
      public CodeBlock baseOffset() {
        return CodeBlock.of("$L", offset);
      }

      @Override
      public CodeBlock returned() {
        return CodeBlock.of("$L", seeded.vector());
      }

      @Override
      public CodeBlock replayedCalls() {
        return CodeBlock.of("$L", record);
      }
    };
    String seed = seeded.seed().name();
    return MethodSpec.methodBuilder(entry)
        .addModifiers(PRIVATE, STATIC)
        .returns(double[].class)
        .addJavadoc("Vector-Jacobian product of {@link $T#$L}, for the reverse sweep of a caller: writes\n"
            + "{@code $L}^T J into {@code $L}, from {@code $L} on, in the order of its parameters, a slot for each\n"
            + "double and each element of an array. It runs the body again, taking the value of each call\n"
            + "that {@link #$L} recorded in {@code $L} instead of making it, then its reverse sweep, which\n"
            + "runs those calls' own vector-Jacobian products.\n", body.owner(), body.sourceSignature(), seed,
            adjoints, offset, Callee.forwardName(m.helperEntry()), record)
        .addJavadoc(CompanionWriter.javadocTags(body)
            .add("@param $L what {@link #$L} recorded\n", record, Callee.forwardName(m.helperEntry()))
            .add("@param $L the weight of each element of the value: the adjoint of the caller's array\n", seed)
            .add("@param $L receives {@code $L}^T J\n", adjoints, seed)
            .add("@param $L the index of the first slot written\n", offset)
            .add("@return the value of {@code $L}\n", body.name())
            .build())
        .addParameters(CompanionWriter.parameters(body))
        .addParameter(RuntimeTypes.CALL_RECORD, record)
        .addParameter(double[].class, seed)
        .addParameter(double[].class, adjoints)
        .addParameter(int.class, offset)
        .addCode(CompanionWriter.sweep(scalar, names, output, callees))
        .build();
  }

  /**
   * {@code h_valueAndTangent}: the value, and the derivative of the value along the tangents of the
   * inputs in the one row of {@code tangent}; forward mode, in one run.
   */
  private static MethodSpec valueAndTangentEntry(Differentiated m, CalleeActivity callees) {
    MethodBody body = m.body();
    NameAllocator names = CompanionWriter.allocator(body);
    String into = names.newName("tangent");
    TangentProgram program = new TangentProgram(body, m.activity(), callees, names);
    List<Stmt> statements = new ArrayList<>(program.statements());
    // The final return returns the array's tangent, or 0 where no derivative reaches the array.
    Stmt.Return tangentReturn = (Stmt.Return) statements.remove(statements.size() - 1);
    Variable result = body.vectorResult();
    MethodSpec.Builder entry = MethodSpec.methodBuilder(TangentProgram.valueAndTangentName(m.helperEntry()))
        .addModifiers(PRIVATE, STATIC)
        .returns(double[].class)
        .addJavadoc("Value of {@link $T#$L}, and its derivative along the tangents of its inputs, written into\n"
            + "{@code $L[0]}: forward mode, in one run.\n", body.owner(), body.sourceSignature(), into)
        .addParameters(CompanionWriter.parameters(body));
    CodeBlock.Builder tags = TangentWriter.tangentParameters(entry, program, body, names);
    tags.add("@param $L receives the value's tangent as its one row\n", into)
        .add("@return the value of {@code $L}\n", body.name());
    CodeBlock.Builder code = CodeBlock.builder();
    program.requireDistinct(code);
    code.add(new StatementCode().of(statements));
    if (tangentReturn.value() instanceof Expr.Read tangent && tangent.type().isDoubleArray()) {
      code.addStatement("$L[0] = $L", into, tangent.variable().name());
    } else {
      code.addStatement("$L[0] = new double[$L.length]", into, result.name());
    }
    return entry.addJavadoc(tags.build())
        .addParameter(ArrayTypeName.of(ArrayTypeName.of(double.class)), into)
        .addCode(code.addStatement("return $L", result.name()).build())
        .build();
  }
}
