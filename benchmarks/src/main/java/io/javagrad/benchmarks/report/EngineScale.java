package io.javagrad.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The section of {@code RESULTS.md} on the {@code Value} engine at scale: what the two harnesses
 * {@code BackwardScale} and {@code TrainingSteps} printed in this run, beside what the engine
 * before issue #19 printed on the same harnesses ({@code benchmarks/engine-before.txt}), and the
 * issue's targets, met or missed.
 *
 * <p>{@link Results} writes it into the report; {@link #main} prints it alone, from the two files.
 */
final class EngineScale {
  /** issue #19: backward() at most this many ns per node, at 10^6 and 10^7 nodes. */
  static final double NANOS_PER_NODE_TARGET = 100;
  /** issue #19: the MLP step at least this many times faster than micrograd's. */
  static final double MICROGRAD_SPEEDUP_TARGET = 500;

  private static final Pattern SCALE_LINE = Pattern.compile(
      "(\\S+)\\s+n =\\s+([\\d,]+): best\\s+([\\d.]+) ns per node, median\\s+([\\d.]+); CPU time best\\s+([\\d.]+).*");
  private static final Pattern MICROGRAD = Pattern.compile(".*micrograd's MLP.*, (\\d+)x micrograd's.*");

  private EngineScale() {}

  /** Prints the section for the harnesses' output in {@code args[0]} and the earlier engine's in {@code args[1]}. */
  public static void main(String[] args) throws IOException {
    System.out.print(section(Files.readString(Path.of(args[0])), Files.readString(Path.of(args[1]))));
  }

  static String section(String now, String before) {
    StringBuilder md = new StringBuilder();
    md.append("## The dynamic engine at scale: backward() alone, and training steps\n\n")
        .append("Two harnesses rather than JMH (a graph of 10^7 nodes takes seconds and gigabytes to build):"
            + " `BackwardScale` times `backward()` alone on a chain `v = v * c` and on a fan-in"
            + " `Σ w[i] x[i]` of products of two leaves, at the JVM's default heap; `TrainingSteps`"
            + " times whole training steps of micrograd's 2-16-16-1 MLP on 100 two-moons points (against"
            + " micrograd's 1.32 s per step, the figure in issue #19: micrograd is not installed here) and"
            + " of the tour's tiny GPT. ns per node counts operation nodes, not leaves. The wall clock on"
            + " this shared machine also counts time spent waiting for a core (see the load average on"
            + " each line); the thread's CPU time does not. Both harnesses use only API the engine has"
            + " always had, so the engine before issue #19 ran them too.\n\n")
        .append("Now:\n\n```\n").append(now.strip()).append("\n```\n\n")
        .append("Before (the engine of commit 2ecf680: an identity hash set per call, no constants,"
            + " no dot):\n\n```\n").append(before.strip()).append("\n```\n\n");
    targets(now, md);
    return md.toString();
  }

  private static void targets(String now, StringBuilder md) {
    List<String> over = new ArrayList<>();
    double worstCpu = 0;
    for (String line : now.split("\n")) {
      Matcher m = SCALE_LINE.matcher(line.strip());
      if (m.matches()) {
        worstCpu = Math.max(worstCpu, Double.parseDouble(m.group(5)));
        if (Double.parseDouble(m.group(3)) > NANOS_PER_NODE_TARGET) {
          over.add(m.group(1) + " at n = " + m.group(2) + " (" + m.group(3) + " ns)");
        }
      }
    }
    md.append(String.format(Locale.ROOT, "- Target: `backward()` at most %.0f ns per node at 10^6 and"
        + " 10^7 nodes. %s; the thread's CPU time is at most %.1f ns per node everywhere.%n",
        NANOS_PER_NODE_TARGET, over.isEmpty() ? "**Met** on the best wall-clock time of every line"
            : "Best wall-clock time **over** it on " + String.join(", ", over), worstCpu));
    Matcher m = MICROGRAD.matcher(now.replace('\n', ' '));
    if (m.matches()) {
      int speedup = Integer.parseInt(m.group(1));
      md.append(String.format(Locale.ROOT, "- Target: the MLP training step at least %.0fx faster than"
          + " micrograd's: %dx, **%s**.%n", MICROGRAD_SPEEDUP_TARGET, speedup,
          speedup >= MICROGRAD_SPEEDUP_TARGET ? "met" : "missed"));
    }
    md.append('\n');
  }
}
