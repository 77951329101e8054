package io.javagrad.samples;

import io.javagrad.Value;
import io.javagrad.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A GPT over characters with one transformer block, every number a {@link Value}: token and
 * position embeddings, causal multi-head self-attention, a ReLU MLP, RMSNorm before each, residual
 * connections around both, and a linear map back to one logit per token.
 *
 * <p>It reads one token at a time and keeps the keys and values of the positions it has read in a
 * {@link Context}. Attention looks only at those, which is what makes it causal, and generation and
 * training take the same path.
 */
final class CharTransformer implements Module {
  /** Initial weights are Gaussian with this standard deviation: small, so the first logits are near uniform. */
  private static final double INIT_STD = 0.08;
  /** Keeps RMSNorm finite for an all-zero input. */
  private static final double NORM_EPS = 1e-5;
  /** The MLP's hidden width, as a multiple of the model's width (4, as in GPT-2). */
  private static final int MLP_EXPANSION = 4;

  private final int contextLength;
  private final int heads;
  private final Value[][] tokenEmbedding;
  private final Value[][] positionEmbedding;
  private final Value[][] query;
  private final Value[][] key;
  private final Value[][] value;
  private final Value[][] attentionOutput;
  private final Value[][] mlpUp;
  private final Value[][] mlpDown;
  private final Value[][] unembedding;
  private final List<Value> parameters = new ArrayList<>();

  /** The keys and values of the positions read so far, one array of each per position. */
  static final class Context {
    private final List<Value[]> keys = new ArrayList<>();
    private final List<Value[]> values = new ArrayList<>();

    /** How many tokens have been read: the position of the next one. */
    int length() {
      return keys.size();
    }
  }

  /**
   * @param vocabulary how many distinct tokens there are
   * @param contextLength the most tokens one {@link Context} can hold
   * @param width the size of every token's vector; a multiple of {@code heads}
   * @param heads how many attention heads share that width
   */
  CharTransformer(int vocabulary, int contextLength, int width, int heads, long seed) {
    if (width % heads != 0) {
      throw new IllegalArgumentException("width " + width + " does not split into " + heads + " heads");
    }
    this.contextLength = contextLength;
    this.heads = heads;
    SplittableRandom random = new SplittableRandom(seed);
    tokenEmbedding = matrix(vocabulary, width, random);
    positionEmbedding = matrix(contextLength, width, random);
    query = matrix(width, width, random);
    key = matrix(width, width, random);
    value = matrix(width, width, random);
    attentionOutput = matrix(width, width, random);
    mlpUp = matrix(MLP_EXPANSION * width, width, random);
    mlpDown = matrix(width, MLP_EXPANSION * width, random);
    unembedding = matrix(vocabulary, width, random);
  }

  int contextLength() {
    return contextLength;
  }

  /** Every weight, matrix by matrix in the order the constructor makes them, row by row. */
  @Override
  public List<Value> parameters() {
    return Collections.unmodifiableList(parameters);
  }

  /**
   * Reads {@code token} at the next position of {@code context}, adding its key and value there,
   * and returns the logits of the token that follows it.
   *
   * @throws IllegalStateException if the context is full
   */
  Value[] next(int token, Context context) {
    if (context.length() == contextLength) {
      throw new IllegalStateException("the context holds at most " + contextLength + " tokens");
    }
    Value[] x = rmsNorm(add(tokenEmbedding[token], positionEmbedding[context.length()]));
    x = add(x, attention(rmsNorm(x), context));
    x = add(x, linear(mlpDown, relu(linear(mlpUp, rmsNorm(x)))));
    return linear(unembedding, x);
  }

  /** Each head mixes the values of every position read so far, weighted by how well its key fits the query. */
  private Value[] attention(Value[] x, Context context) {
    Value[] q = linear(query, x);
    context.keys.add(linear(key, x));
    context.values.add(linear(value, x));
    Value[] mixed = new Value[x.length];
    int headWidth = x.length / heads;
    for (int from = 0; from < x.length; from += headWidth) {
      attendWithHead(q, context, from, from + headWidth, mixed);
    }
    return linear(attentionOutput, mixed);
  }

  /** One head, which owns components [from, to) of the vectors: writes its output there in {@code mixed}. */
  private static void attendWithHead(Value[] q, Context context, int from, int to, Value[] mixed) {
    int positions = context.length();
    // Scaled dot-product attention: dividing by sqrt(width) keeps the scores' spread independent of it.
    double scale = 1 / Math.sqrt(to - from);
    Value[] scores = new Value[positions];
    for (int p = 0; p < positions; p++) {
      scores[p] = dot(q, context.keys.get(p), from, to).mul(scale);
    }
    Value[] weights = softmax(scores);
    for (int i = from; i < to; i++) {
      Value[] column = new Value[positions];
      for (int p = 0; p < positions; p++) {
        column[p] = context.values.get(p)[i];
      }
      mixed[i] = Value.dot(weights, column);
    }
  }

  // ----- vector operations on Values

  /** {@code weights · x}: one dot product per row. */
  private static Value[] linear(Value[][] weights, Value[] x) {
    Value[] out = new Value[weights.length];
    for (int row = 0; row < weights.length; row++) {
      out[row] = Value.dot(weights[row], x);
    }
    return out;
  }

  /** The dot product of components [from, to) of {@code a} and {@code b}, as one node. */
  private static Value dot(Value[] a, Value[] b, int from, int to) {
    return Value.dot(Arrays.copyOfRange(a, from, to), Arrays.copyOfRange(b, from, to));
  }

  private static Value[] add(Value[] a, Value[] b) {
    Value[] sum = new Value[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i].add(b[i]);
    }
    return sum;
  }

  private static Value[] relu(Value[] x) {
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].relu();
    }
    return out;
  }

  /** {@code x / rms(x)}: every vector rescaled to a root mean square of 1, which keeps training stable. */
  private static Value[] rmsNorm(Value[] x) {
    Value inverseRms = Value.dot(x, x).div(x.length).add(NORM_EPS).pow(-0.5);
    Value[] out = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].mul(inverseRms);
    }
    return out;
  }

  /**
   * {@code exp(x_i) / Σ exp(x_j)}. The largest score is subtracted first, as a constant, so that no
   * exp overflows; the shift cancels in the ratio, in value and in gradient.
   */
  private static Value[] softmax(Value[] scores) {
    double shift = Arrays.stream(scores).mapToDouble(Value::data).max().orElse(0);
    Value[] exps = new Value[scores.length];
    for (int i = 0; i < scores.length; i++) {
      exps[i] = scores[i].sub(shift).exp();
    }
    Value total = Value.sum(Arrays.asList(exps));
    Value[] out = new Value[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = exps[i].div(total);
    }
    return out;
  }

  /** A rows × columns matrix of new parameters, each drawn from N(0, INIT_STD²). */
  private Value[][] matrix(int rows, int columns, SplittableRandom random) {
    Value[][] matrix = new Value[rows][columns];
    for (Value[] row : matrix) {
      for (int j = 0; j < columns; j++) {
        row[j] = new Value(INIT_STD * random.nextGaussian());
        parameters.add(row[j]);
      }
    }
    return matrix;
  }
}
