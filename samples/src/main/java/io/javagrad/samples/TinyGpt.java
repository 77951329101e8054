package io.javagrad.samples;

import io.javagrad.Value;
import io.javagrad.nn.Adam;
import io.javagrad.nn.Losses;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A tiny GPT, in the spirit of Karpathy's microgpt: a {@link CharTransformer} learns to spell first
 * names one character at a time, trained with {@link Adam} on one name per step, and then makes up
 * new ones. Every weight is a {@link Value}, and {@code backward()} gives all their gradients.
 *
 * <p>Tokens are the letters a to z and one more, {@code BOS}, that marks where a name begins and
 * ends: a name is read as {@code BOS e m m a BOS}, and the model learns to predict each token from
 * those before it, the closing {@code BOS} included, which is how it learns to stop.
 */
final class TinyGpt implements TourStep {
  static final int BOS = 0;
  static final int VOCABULARY = 27; // BOS and a to z
  static final int CONTEXT = 16;
  static final int WIDTH = 16;
  static final int HEADS = 4;
  static final long MODEL_SEED = 42;
  static final long ORDER_SEED = 7;
  static final long SAMPLING_SEED = 2024;
  static final int STEPS = 1000;
  static final double LEARNING_RATE = 0.005;
  // microgpt's betas: lower than the paper's 0.9 and 0.999, so Adam forgets the large gradients
  // of the first steps sooner.
  static final double BETA1 = 0.85;
  static final double BETA2 = 0.99;
  /** Below 1 sharpens the model's distribution when sampling, trading variety for plausible names. */
  static final double TEMPERATURE = 0.5;
  static final int SAMPLES = 10;
  /** One name's loss says little about the model: the report averages the last tenth of the steps. */
  static final int REPORTED_STEPS = STEPS / 10;
  /** ... and the plot averages blocks of this many steps. */
  static final int PLOTTED_BLOCK = 20;

  /** The loss of a model that gives every token the same probability: where training starts. */
  static final double UNIFORM_LOSS = Math.log(VOCABULARY);

  /** What a training run leaves: the trained model and the loss of each step's name. */
  record Training(CharTransformer model, double[] losses) {

    /** The mean loss of the last {@code steps} steps: less noisy than any one name's. */
    double recentLoss(int steps) {
      return Arrays.stream(losses, losses.length - steps, losses.length).average().orElseThrow();
    }
  }

  static CharTransformer untrainedModel() {
    return new CharTransformer(VOCABULARY, CONTEXT, WIDTH, HEADS, MODEL_SEED);
  }

  /** Trains a fresh model for {@code steps} steps, on one name each, walking the names in a shuffled order. */
  static Training train(List<String> names, int steps, PrintStream console) {
    CharTransformer model = untrainedModel();
    Adam adam = new Adam(model.parameters(), LEARNING_RATE, BETA1, BETA2, Adam.DEFAULT_EPS);
    List<String> order = new ArrayList<>(names);
    Collections.shuffle(order, new Random(ORDER_SEED));
    Progress progress = new Progress(console, "step", steps);
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      adam.zeroGrad();
      Value loss = loss(model, order.get(step % order.size()));
      loss.backward();
      adam.step();
      losses[step] = loss.data();
      progress.step(loss.data());
    }
    return new Training(model, losses);
  }

  /** The mean cross-entropy of predicting each token of {@code name} from those before it, the end included. */
  static Value loss(CharTransformer model, String name) {
    int[] tokens = tokens(name, model.contextLength());
    CharTransformer.Context context = new CharTransformer.Context();
    List<Value> losses = new ArrayList<>(tokens.length - 1);
    for (int i = 0; i + 1 < tokens.length; i++) {
      Value[] logits = model.next(tokens[i], context);
      losses.add(Losses.softmaxCrossEntropy(Arrays.asList(logits), tokens[i + 1]));
    }
    return Value.sum(losses).div(losses.size());
  }

  /** {@code BOS}, the name's letters as tokens 1 to 26, {@code BOS}. */
  static int[] tokens(String name, int contextLength) {
    if (name.length() >= contextLength) {
      throw new IllegalArgumentException("\"" + name + "\" does not fit a context of " + contextLength + " tokens");
    }
    int[] tokens = new int[name.length() + 2];
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 'a' || c > 'z') {
        throw new IllegalArgumentException("\"" + name + "\" has '" + c + "'; names are lowercase a to z");
      }
      tokens[i + 1] = c - 'a' + 1;
    }
    return tokens; // both ends are already 0, which is BOS
  }

  /** A new name: tokens drawn one by one from the model, starting after {@code BOS}, until it draws {@code BOS}. */
  static String sample(CharTransformer model, RandomGenerator random) {
    CharTransformer.Context context = new CharTransformer.Context();
    StringBuilder name = new StringBuilder();
    int token = BOS;
    while (context.length() < model.contextLength()) {
      token = draw(model.next(token, context), random);
      if (token == BOS) {
        break;
      }
      name.append((char) ('a' + token - 1));
    }
    return name.toString();
  }

  /** An index drawn with probability softmax(logits / TEMPERATURE), computed on plain doubles. */
  private static int draw(Value[] logits, RandomGenerator random) {
    double max = Arrays.stream(logits).mapToDouble(Value::data).max().orElseThrow();
    double[] weights = Arrays.stream(logits).mapToDouble(l -> Math.exp((l.data() - max) / TEMPERATURE)).toArray();
    double target = random.nextDouble() * Arrays.stream(weights).sum();
    int last = weights.length - 1;
    for (int i = 0; i < last; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return last; // where rounding leaves a sliver of target
  }

  /** {@code count} names sampled from {@code model} with a generator seeded with {@link #SAMPLING_SEED}. */
  static List<String> samples(CharTransformer model, int count) {
    RandomGenerator random = new SplittableRandom(SAMPLING_SEED);
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(sample(model, random));
    }
    return names;
  }

  @Override
  public String title() {
    return "A tiny GPT: a character-level transformer on Values learns to make up names";
  }

  @Override
  public void run(TourOutput output) throws IOException {
    PrintStream console = output.console();
    List<String> names = Datasets.names();
    console.printf(Locale.ROOT, "%d names (%s, ...); tokens: a to z, and BOS for a name's start and end%n",
        names.size(), String.join(", ", names.subList(0, 5)));
    console.printf(Locale.ROOT, "1 transformer block, width %d, %d heads, context %d: %,d parameters; "
        + "Adam (learning rate %s, betas %s and %s), one name per step%n",
        WIDTH, HEADS, CONTEXT, untrainedModel().parameters().size(), LEARNING_RATE, BETA1, BETA2);
    Training training = train(names, STEPS, console);
    console.printf(Locale.ROOT, "mean loss of the last %d steps: %.3f; a uniform guess scores ln %d = %.3f%n",
        REPORTED_STEPS, training.recentLoss(REPORTED_STEPS), VOCABULARY, UNIFORM_LOSS);
    console.println(describeSamples(samples(training.model(), SAMPLES), names));
    output.writePng("gpt-loss.png", Plots.lossCurves("Tiny GPT: training loss", "step", List.of(
        Plots.Curve.blockMeans("mean loss of each " + PLOTTED_BLOCK + " steps", training.losses(), PLOTTED_BLOCK))));
  }

  /** The samples on one line, each one that is not new (it is in the training list) marked with *. */
  private static String describeSamples(List<String> samples, List<String> names) {
    Set<String> known = new HashSet<>(names);
    List<String> shown = samples.stream().map(s -> known.contains(s) ? s + "*" : s).toList();
    return String.format(Locale.ROOT, "%d sampled names (temperature %s; * = in the training list): %s",
        samples.size(), TEMPERATURE, String.join(" ", shown));
  }

  /** Runs this step alone: {@code mvn -q -pl samples exec:java -Dtour.main=io.javagrad.samples.TinyGpt}. */
  public static void main(String[] args) throws IOException {
    Tour.runAlone(new TinyGpt());
  }
}
