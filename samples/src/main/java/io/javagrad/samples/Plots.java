package io.javagrad.samples;

import io.javagrad.samples.Datasets.LabelledPoints;
import java.awt.Color;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The tour's charts, drawn with XChart; {@link TourOutput#writePng} saves them. */
final class Plots {
  static {
    // The tour only writes pictures, never opens a window: headless AWT needs no display, so the
    // plots render the same over ssh, in CI and on a desktop. Set before any chart touches AWT.
    System.setProperty("java.awt.headless", "true");
  }

  private static final int WIDTH = 640;
  private static final int HEIGHT = 560;
  private static final int LOSS_HEIGHT = 400;

  /**
   * Grid cells per axis of a decision boundary. XChart has one marker size per chart, so the
   * cells are small squares of that size, packed tightly enough to overlap into solid regions.
   */
  private static final int GRID_CELLS = 100;
  private static final int MARKER_SIZE = 6;
  private static final double MARGIN = 0.5;

  private static final Color[] CLASS_COLORS = {new Color(0x1f77b4), new Color(0xd62728)};
  private static final Color[] REGION_COLORS = {new Color(0xc6dbef), new Color(0xfcd0c0)};

  private Plots() {}

  /** A named line of losses, each at the step (or epoch) it was measured. */
  record Curve(String name, double[] steps, double[] losses) {

    /** One loss per step, the steps numbered from 1. */
    static Curve perStep(String name, double[] losses) {
      return new Curve(name, IntStream.rangeClosed(1, losses.length).asDoubleStream().toArray(), losses);
    }

    /**
     * The mean loss of each {@code block} consecutive steps, at the block's last step: a smoother
     * line than one noisy loss per step, and one XChart labels legibly (see {@link #lossCurves}).
     */
    static Curve blockMeans(String name, double[] losses, int block) {
      int blocks = losses.length / block;
      double[] steps = new double[blocks];
      double[] means = new double[blocks];
      for (int b = 0; b < blocks; b++) {
        steps[b] = (b + 1) * block;
        means[b] = Arrays.stream(losses, b * block, (b + 1) * block).average().orElseThrow();
      }
      return new Curve(name, steps, means);
    }
  }

  /** A named series of points (x, y), to draw as markers or as a line. */
  record Series(String name, double[] x, double[] y) {}

  /** {@code data} as small dots, with each of {@code lines} drawn over them as a line, dashed after the first. */
  static XYChart dataAndLines(String title, String xAxisTitle, String yAxisTitle, Series data, List<Series> lines) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(LOSS_HEIGHT)
        .title(title).xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE).setMarkerSize(4);
    chart.addSeries(data.name(), data.x(), data.y())
        .setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter)
        .setMarker(SeriesMarkers.CIRCLE)
        .setMarkerColor(new Color(0x9ecae1));
    for (int i = 0; i < lines.size(); i++) {
      Series line = lines.get(i);
      XYSeries series = chart.addSeries(line.name(), line.x(), line.y());
      series.setMarker(SeriesMarkers.NONE);
      if (i > 0) {
        series.setLineStyle(SeriesLines.DASH_DASH); // as in lossCurves: lines that coincide stay in sight
      }
    }
    return chart;
  }

  /**
   * The curves as lines on one pair of axes. XChart puts a tick on every k-th point of evenly
   * spaced data, and above a few hundred points the labels run together (knowm/XChart#731); keep
   * curves to about a hundred points, with {@link Curve#blockMeans} if need be.
   */
  static XYChart lossCurves(String title, String stepAxisTitle, List<Curve> curves) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(LOSS_HEIGHT)
        .title(title).xAxisTitle(stepAxisTitle).yAxisTitle("loss").build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    for (int i = 0; i < curves.size(); i++) {
      Curve curve = curves.get(i);
      XYSeries series = chart.addSeries(curve.name(), curve.steps(), curve.losses());
      series.setMarker(SeriesMarkers.NONE);
      if (i > 0) {
        // Dashed after the first, so that a curve lying on top of another leaves both in sight.
        series.setLineStyle(SeriesLines.DASH_DASH);
      }
    }
    return chart;
  }

  /**
   * A classifier's decision over the plane around {@code data}: each cell of a grid shaded by the
   * class that {@code score(x, y)} predicts there (class 1 where the score is positive), with the
   * data points on top in their true class's colour.
   */
  static XYChart decisionBoundary(String title, LabelledPoints data, DoubleBinaryOperator score) {
    double[] xRange = paddedRange(data.x());
    double[] yRange = paddedRange(data.y());
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("x").yAxisTitle("y").build();
    chart.getStyler()
        .setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter)
        .setXAxisMin(xRange[0]).setXAxisMax(xRange[1])
        .setYAxisMin(yRange[0]).setYAxisMax(yRange[1])
        .setPlotGridLinesVisible(false)
        .setPlotMargin(0)
        .setPlotContentSize(1) // the grid, not XChart's default inset, fills the plot
        .setLegendPosition(LegendPosition.OutsideS)
        .setLegendLayout(LegendLayout.Horizontal)
        .setMarkerSize(MARKER_SIZE);
    LabelledPoints grid = classifiedGrid(xRange, yRange, score);
    for (int label = 0; label <= 1; label++) {
      addPoints(chart, "predicted " + label, grid, label, SeriesMarkers.SQUARE, REGION_COLORS[label]);
    }
    for (int label = 0; label <= 1; label++) {
      addPoints(chart, "class " + label, data, label, SeriesMarkers.CIRCLE, CLASS_COLORS[label]);
    }
    return chart;
  }

  /** The centres of a {@link #GRID_CELLS}² grid over the ranges, each labelled with its predicted class. */
  private static LabelledPoints classifiedGrid(double[] xRange, double[] yRange, DoubleBinaryOperator score) {
    int cells = GRID_CELLS * GRID_CELLS;
    double[] x = new double[cells];
    double[] y = new double[cells];
    int[] labels = new int[cells];
    for (int i = 0; i < cells; i++) {
      x[i] = cellCentre(xRange, i % GRID_CELLS);
      y[i] = cellCentre(yRange, i / GRID_CELLS);
      labels[i] = score.applyAsDouble(x[i], y[i]) > 0 ? 1 : 0;
    }
    return new LabelledPoints(x, y, labels);
  }

  private static double cellCentre(double[] range, int cell) {
    return range[0] + (cell + 0.5) * (range[1] - range[0]) / GRID_CELLS;
  }

  /** Adds the points of {@code points} whose label is {@code label} as one scatter series. */
  private static void addPoints(XYChart chart, String name, LabelledPoints points, int label, Marker marker, Color color) {
    IntPredicate inClass = i -> points.labels()[i] == label;
    double[] x = IntStream.range(0, points.size()).filter(inClass).mapToDouble(i -> points.x()[i]).toArray();
    double[] y = IntStream.range(0, points.size()).filter(inClass).mapToDouble(i -> points.y()[i]).toArray();
    if (x.length > 0) { // XChart rejects an empty series, and a class may be predicted nowhere
      chart.addSeries(name, x, y).setMarker(marker).setMarkerColor(color);
    }
  }

  /** {min, max} of the values, widened by {@link #MARGIN} on each side. */
  private static double[] paddedRange(double[] values) {
    DoubleSummaryStatistics stats = Arrays.stream(values).summaryStatistics();
    return new double[] {stats.getMin() - MARGIN, stats.getMax() + MARGIN};
  }
}
