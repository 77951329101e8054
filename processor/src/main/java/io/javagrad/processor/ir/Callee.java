package io.javagrad.processor.ir;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;

/**
 * A method a differentiable body calls and differentiates through, as the caller sees it: the
 * class that declares it and its name, its parameter types, which parameters are constant inputs
 * ({@code @NoDerivative}), where the companion calls it plainly, and where its derivative is: the
 * pullback and twin of a companion, or a {@code @DerivativeOf} rule.
 *
 * @param plainOwner the class through which the companion calls the method itself: its owner, or,
 *     for a private helper, the companion, which holds a copy of it
 * @param companion the class of its pullback and twin (for a rule, of its twin alone)
 * @param entry the name of its twin, and of its pullback with {@code _pullback} added: its own name
 *     for a {@code @Differentiable} method, a private name in the caller's companion for a helper
 *     differentiated on demand
 * @param rules the class of its {@code @DerivativeOf} rule, or null
 * @param onReceiver whether it is an instance method (of an enum or a record), whose receiver is the
 *     first argument and the first parameter: called plainly as {@code receiver.name(rest)}, and
 *     through its derivative code as a static method given the receiver first
 * @param plainName the name of the method the companion calls plainly in {@code plainOwner}: its
 *     own, or, for a helper specialized to the functions it is given, which takes what they capture
 *     instead of them, a method of the companion
 * @param returnsArray whether it is a helper returning a new {@code double[]} that calls itself, called
 *     through recorded calls ({@link #arrayHelper}) rather than a pullback
 */
public record Callee(ClassName owner, String name, List<Type> parameterTypes, List<Boolean> constantParameters,
    ClassName plainOwner, ClassName companion, String entry, ClassName rules, boolean onReceiver,
    String plainName, boolean returnsArray) {

  /** As the record's, returning a double. */
  public Callee(ClassName owner, String name, List<Type> parameterTypes, List<Boolean> constantParameters,
      ClassName plainOwner, ClassName companion, String entry, ClassName rules, boolean onReceiver,
      String plainName) {
    this(owner, name, parameterTypes, constantParameters, plainOwner, companion, entry, rules, onReceiver, plainName,
        false);
  }

  /** As the record's, called plainly by its own name. */
  public Callee(ClassName owner, String name, List<Type> parameterTypes, List<Boolean> constantParameters,
      ClassName plainOwner, ClassName companion, String entry, ClassName rules, boolean onReceiver) {
    this(owner, name, parameterTypes, constantParameters, plainOwner, companion, entry, rules, onReceiver, name);
  }

  /** A static method of generated code: a companion's entry, a rule, a runtime helper. */
  public Callee(ClassName owner, String name, List<Type> parameterTypes, List<Boolean> constantParameters,
      ClassName plainOwner, ClassName companion, String entry, ClassName rules) {
    this(owner, name, parameterTypes, constantParameters, plainOwner, companion, entry, rules, false);
  }

  /** A {@code @Differentiable} method, through its own companion. */
  public static Callee annotated(ClassName owner, ClassName companion, String name, List<Type> parameterTypes,
      List<Boolean> constantParameters) {
    return new Callee(owner, name, parameterTypes, constantParameters, owner, companion, name, null);
  }

  /**
   * A helper differentiated on demand into {@code companion}, the caller's, under the name {@code
   * entry}; {@code onReceiver} for an instance method, whose receiver is the first parameter.
   */
  public static Callee helper(ClassName owner, String name, List<Type> parameterTypes, ClassName plainOwner,
      ClassName companion, String entry, boolean onReceiver) {
    return new Callee(owner, name, parameterTypes, parameterTypes.stream().map(t -> false).toList(), plainOwner,
        companion, entry, null, onReceiver);
  }

  /**
   * A static helper returning a new {@code double[]} that calls itself, directly or through others,
   * differentiated into {@code companion}, the caller's, under the name {@code entry}: a call runs
   * {@code entry$forward} in the caller's forward sweep and {@code entry$vjp} in its reverse ({@code
   * io.javagrad.CallRecord}), and its forward mode {@code entry_valueAndTangent}.
   */
  public static Callee arrayHelper(ClassName owner, String name, List<Type> parameterTypes, ClassName plainOwner,
      ClassName companion, String entry) {
    return new Callee(owner, name, parameterTypes, parameterTypes.stream().map(t -> false).toList(), plainOwner,
        companion, entry, null, false, name, true);
  }

  /**
   * A static helper that writes into arrays it is given and calls itself, differentiated into {@code
   * companion} under the name {@code entry}, called through recorded calls as {@link #arrayHelper}s
   * are, packed: its body runs on copies of the arrays it writes, and its value is those copies, one
   * after the other, then its own value where it returns a double; the call copies them back
   * (the design note of {@code io.javagrad.processor.ad}). Where no derivative flows the companion runs
   * {@link #packedName}, that body as written.
   */
  public static Callee inPlaceHelper(ClassName owner, String name, List<Type> parameterTypes, ClassName companion,
      String entry) {
    return new Callee(owner, name, parameterTypes, parameterTypes.stream().map(t -> false).toList(), companion,
        companion, entry, null, false, packedName(entry), true);
  }

  /** Whether this is a helper writing into arrays it is given, called through recorded calls packed ({@link #inPlaceHelper}). */
  public boolean inPlace() {
    return returnsArray && entry != null && plainName.equals(packedName(entry));
  }

  /** The name of an in-place helper's packed method ({@link #inPlaceHelper}), run where no derivative flows. */
  public static String packedName(String entry) {
    return entry + "$packed";
  }

  /** The name of an array helper's forward method ({@link #arrayHelper}), which records its calls. */
  public static String forwardName(String entry) {
    return entry + "$forward";
  }

  /** The name of an array helper's vector-Jacobian product ({@link #arrayHelper}), which replays its calls. */
  public static String vjpName(String entry) {
    return entry + "$vjp";
  }

  /**
   * A helper specialized to the functions it is given, taking {@code parameterTypes} (its own
   * parameters but the functions, then what they capture): its derivative code is {@code entry} in
   * the caller's {@code companion}, which also runs it plainly, as {@code plainName}.
   */
  public static Callee specialized(ClassName owner, String name, List<Type> parameterTypes, ClassName companion,
      String entry, String plainName) {
    return new Callee(owner, name, parameterTypes, parameterTypes.stream().map(t -> false).toList(), companion,
        companion, entry, null, false, plainName);
  }

  /**
   * A method with a {@code @DerivativeOf} rule in {@code rules}; its twin, one node with the rule's
   * partials, is a private method {@code entry} of the caller's {@code companion}.
   */
  public static Callee ruled(ClassName owner, String name, List<Type> parameterTypes, ClassName rules,
      ClassName companion, String entry) {
    return new Callee(owner, name, parameterTypes, parameterTypes.stream().map(t -> false).toList(), owner,
        companion, entry, rules);
  }

  /**
   * For a method with a {@code @DerivativeOf} rule ({@link #rules}), the helper that javagrad makes
   * of the rule's body for second derivatives, {@code Rules$erf$tangent(x..., tangents...)}: the
   * rule's body with its gradient array a local, returning the gradient times the tangents, the
   * method's derivative along them. Its code, in the caller's companion, is there only where the
   * rule's source was in the compilation, its target takes doubles alone, and its body could be
   * differentiated; the caller's second derivatives ask.
   */
  public Callee tangentOfRule() {
    return tangentIn(companion, entry + "$tangent");
  }

  /**
   * The name of the tangent of a rule {@code rule} in the companion of the rule's class, public,
   * where the class was compiled with the processor: {@code erf$tangent}, with {@code _pullback}
   * and the other entries' suffixes after it; what callers compiled later run
   * ({@link #publishedTangentOfRule}).
   */
  public static String publishedTangentEntry(String rule) {
    return rule + "$tangent";
  }

  /**
   * The tangent of this method's rule as the rule's class published it ({@link
   * #publishedTangentEntry}), in {@code rulesCompanion}: as {@link #tangentOfRule}, but the code a
   * companion compiled earlier holds.
   */
  public Callee publishedTangentOfRule(ClassName rulesCompanion) {
    return tangentIn(rulesCompanion, publishedTangentEntry(name));
  }

  /** The tangent of this method's rule as {@code tangentEntry} of {@code holder}: the parameters, then a tangent of each. */
  private Callee tangentIn(ClassName holder, String tangentEntry) {
    List<Type> types = new ArrayList<>(parameterTypes);
    types.addAll(parameterTypes);
    return specialized(rules, name, types, holder, tangentEntry, plainNameOf(tangentEntry));
  }

  /**
   * The name under which a companion runs plainly a helper whose code it holds ({@link
   * #specialized}), where no derivative flows through a call: {@code entry_value}.
   */
  public static String plainNameOf(String entry) {
    return entry + "_value";
  }

  /** Whether a derivative flows through parameter {@code i}: a double or double[] that is not constant. */
  public boolean isDifferentiated(int i) {
    return parameterTypes.get(i).isDifferentiable() && !constantParameters.get(i);
  }

  /** Whether it is a helper differentiated on demand, whose derivative code the caller's companion holds. */
  public boolean isHelper() {
    return rules == null && !entry.equals(name);
  }
}
