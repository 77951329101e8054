package io.javagrad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tour's charts render without a display and land in the output directory as PNG files. */
class TourPicturesTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path directory;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void theMlpStepDrawsItsDecisionBoundaryAndLossCurve() throws IOException {
    new TwoMoonsMlp().run(new TourOutput(directory, console, null));

    assertIsPng(directory.resolve("mlp-decision-boundary.png"));
    assertIsPng(directory.resolve("mlp-loss.png"));
    String report = printed.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("accuracy after " + TwoMoonsMlp.EPOCHS + " epochs: 100.0%"), report);
    assertTrue(report.contains("accuracy after " + TwoMoonsMlp.EPOCHS + " epochs: 100.0%; the losses"), report);
  }

  @Test
  void theCurveFitDrawsTheDataAndTheFit() throws IOException {
    new CurveFit().run(new TourOutput(directory, console, null));

    assertIsPng(directory.resolve("curve-fit.png"));
  }

  @Test
  void aLossChartTakesCurvesOfDifferentRuns() throws IOException {
    double[] losses = {1.0, 0.5, 0.25, 0.125};
    TourOutput output = new TourOutput(directory, console, null);

    output.writePng("curves.png", Plots.lossCurves("two runs", "epoch", List.of(
        Plots.Curve.perStep("first", losses), Plots.Curve.blockMeans("second", losses, 2))));

    assertIsPng(directory.resolve("curves.png"));
  }

  private static void assertIsPng(Path file) throws IOException {
    assertTrue(Files.size(file) > 1000, file + " is too small to be a chart");
    try (InputStream in = Files.newInputStream(file)) {
      assertArrayEquals(PNG_SIGNATURE, in.readNBytes(PNG_SIGNATURE.length), file + " is not a PNG");
    }
  }
}
