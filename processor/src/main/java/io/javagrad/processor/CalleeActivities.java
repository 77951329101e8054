package io.javagrad.processor;

import com.palantir.javapoet.ClassName;
import io.javagrad.processor.ad.Activity;
import io.javagrad.processor.ad.CalleeActivity;
import io.javagrad.processor.ir.Callee;
import io.javagrad.processor.ir.MethodBody;
import io.javagrad.processor.ir.Type;
import io.javagrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity of the parameters of the methods differentiated in this round, for their callers:
 * a parameter that is not active in its method gets no derivative from it. Callees compiled
 * elsewhere, and rules, are not known here: any of their differentiated parameters may.
 */
final class CalleeActivities implements CalleeActivity {
  private final Map<String, List<Boolean>> active = new HashMap<>();
  private final Map<String, String> notWritten = new HashMap<>();
  private final Map<String, Callee> published = new HashMap<>();

  /** Notes {@code body}'s parameters, as its pullback {@code entry} in {@code companion} differentiates them. */
  void add(ClassName companion, String entry, MethodBody body, Activity activity) {
    List<Type> types = body.parameters().stream().map(Variable::type).toList();
    active.put(key(companion, entry, types), body.parameters().stream().map(activity::isActive).toList());
  }

  @Override
  public boolean reaches(Callee callee, int parameter) {
    List<Boolean> known = callee.rules() != null ? null
        : active.get(key(callee));
    return known == null || known.get(parameter);
  }

  /** Notes that {@code callee}'s code, which javagrad would make, could not be made, and {@code why}. */
  void notWritten(Callee callee, String why) {
    notWritten.put(key(callee), why);
  }

  /** Notes that {@code tangent}, a rule's tangent, is the one the companion of the rule's class publishes. */
  void published(Callee tangent, Callee publishedTangent) {
    published.put(key(tangent), publishedTangent);
  }

  @Override
  public Callee ruleTangent(Callee tangent) {
    return published.getOrDefault(key(tangent), tangent);
  }

  @Override
  public String whyNotWritten(Callee callee) {
    String key = key(callee);
    boolean elsewhere = published.containsValue(callee);
    return active.containsKey(key) || elsewhere ? null : notWritten.getOrDefault(key, "javagrad could not make it");
  }

  private static String key(Callee callee) {
    return key(callee.companion(), callee.entry(), callee.parameterTypes());
  }

  /** How a method differentiated in this round is known, as its callers name it. */
  static String key(ClassName companion, String entry, List<Type> types) {
    return companion.canonicalName() + "#" + entry + types.stream().map(Type::javaName).toList();
  }
}
