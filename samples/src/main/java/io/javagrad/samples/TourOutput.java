package io.javagrad.samples;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;

/**
 * What every tour step shares: the console it reports to, the directory it writes into (text,
 * and charts as PNG), and Graphviz, which turns the DOT text of a graph into a picture when it is
 * installed.
 */
final class TourOutput {

  /** The system property naming the output directory. */
  private static final String DIRECTORY_PROPERTY = "tour.out";

  /**
   * Used when {@link #DIRECTORY_PROPERTY} is not set, relative to the working directory. Maven's
   * {@code exec:java} runs in the directory mvn was started from, not in the module, which is why
   * the samples pom sets the property instead of relying on this.
   */
  private static final String DEFAULT_DIRECTORY = "target/tour";

  private static final String INSTALL_GRAPHVIZ =
      "Graphviz is not on the PATH, so graphs are written as .dot only; for pictures install it"
          + " (sudo apt-get install graphviz, or brew install graphviz) and run again.";

  /** Rendering a small graph takes well under a second; a hung dot should not hang the tour. */
  private static final long DOT_TIMEOUT_SECONDS = 60;

  private final Path directory;
  private final PrintStream console;
  private final Path dotProgram; // null when Graphviz is not installed
  private boolean installHintShown;

  /**
   * @param dotProgram the Graphviz {@code dot} executable, or null to write DOT files only
   */
  TourOutput(Path directory, PrintStream console, Path dotProgram) {
    this.directory = directory;
    this.console = console;
    this.dotProgram = dotProgram;
  }

  /** Output to {@code -Dtour.out} (default {@code target/tour}), with {@code dot} if it is on the PATH. */
  static TourOutput forThisMachine(PrintStream console) {
    Path directory = Path.of(System.getProperty(DIRECTORY_PROPERTY, DEFAULT_DIRECTORY));
    return new TourOutput(directory, console, findOnPath("dot"));
  }

  PrintStream console() {
    return console;
  }

  /** Writes {@code text} to {@code fileName} in the output directory, and says so. */
  Path write(String fileName, String text) throws IOException {
    Path file = fileInDirectory(fileName);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    console.println("wrote " + shown(file));
    return file;
  }

  /** Saves {@code chart} as a PNG picture named {@code fileName} in the output directory, and says so. */
  Path writePng(String fileName, XYChart chart) throws IOException {
    Path file = fileInDirectory(fileName);
    // ChartEncoder, not BitmapEncoder: XChart 4 deprecates the latter's one-chart methods for it.
    try (OutputStream out = Files.newOutputStream(file)) {
      ChartEncoder.saveChart(chart, out, "png");
    }
    console.println("wrote " + shown(file));
    return file;
  }

  private Path fileInDirectory(String fileName) throws IOException {
    Files.createDirectories(directory);
    return directory.resolve(fileName);
  }

  /**
   * Renders {@code dotFile}, a {@code .dot} file, to an SVG beside it with {@code dot -Tsvg}.
   * Without Graphviz it prints, once per tour, how to install it.
   *
   * @throws IOException if dot fails; its own messages go to standard error
   */
  void renderSvg(Path dotFile) throws IOException {
    if (dotProgram == null) {
      if (!installHintShown) {
        console.println(INSTALL_GRAPHVIZ);
        installHintShown = true;
      }
      return;
    }
    Path svg = dotFile.resolveSibling(dotFile.getFileName().toString().replaceFirst("\\.dot$", "") + ".svg");
    // dot writes the picture to -o and prints nothing else on success; inheriting its error stream
    // shows any complaint as it happens and leaves no pipe that could fill up and stall it.
    Process dot = new ProcessBuilder(dotProgram.toString(), "-Tsvg", "-o", svg.toString(), dotFile.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      if (!dot.waitFor(DOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        dot.destroyForcibly();
        throw new IOException("dot did not finish within " + DOT_TIMEOUT_SECONDS + " s on " + dotFile);
      }
    } catch (InterruptedException e) {
      dot.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while dot rendered " + dotFile);
    }
    if (dot.exitValue() != 0) {
      throw new IOException("dot -Tsvg " + dotFile + " exited with " + dot.exitValue());
    }
    console.println("wrote " + shown(svg));
  }

  /** The first executable called {@code program} (or {@code program.exe}) on the PATH, or null. */
  static Path findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue; // an empty entry means "the current directory": not where Graphviz lives
      }
      for (String name : new String[] {program, program + ".exe"}) {
        Path candidate = Path.of(entry, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /** {@code file} relative to the working directory when it lies inside it: shorter to read. */
  private static String shown(Path file) {
    Path here = Path.of("").toAbsolutePath();
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }
}
