package io.javagrad.processor;

import static io.javagrad.processor.RealJavaCorpus.at;
import static io.javagrad.processor.RealJavaCorpus.constant;
import static io.javagrad.processor.RealJavaCorpus.throwing;

import io.javagrad.processor.RealJavaCorpus.EnumConstant;
import io.javagrad.processor.RealJavaCorpus.Point;
import io.javagrad.processor.RealJavaCorpus.Throwing;
import java.util.stream.Stream;

/**
 * Signal processing (corpus/Signals.java): windowed energy over a window chosen by an enum in an
 * old-style switch with returns, an FIR filter over a ring buffer with a wrapping index, a biquad's
 * two state variables, the DFT's magnitudes from the real and imaginary rows of one array (and the
 * spectral centroid through it), autocorrelation about the mean, zero-padded convolution, a soft
 * clipper choosing its curve in an arrow switch of assignments, and the crest factor, a sliding
 * window's largest RMS and an envelope follower, each a Math.max or a branch per sample; Goertzel
 * over an enum of constant bodies, Levinson-Durbin's swapped buffers, a median filter, decimation,
 * pre-emphasis with a crossing count, quantisation through a short cast (its point away from
 * rounding boundaries), a cepstral mean, overlap-add and a parabolic peak; spectral flatness by
 * streams ending in reduce and orElseThrow, an FIR delay line shifted by an overlapping arraycopy,
 * and an in-place FFT (its bit reversal by {@code >>=} and {@code ^=}) as a power and as a spectrum.
 */
class RealJavaSignalsTest extends RealJavaDomainTest {
  private static final double[] FRAME = {0.3, -0.8, 1.2, 0.5, -0.4, 0.9, -1.1, 0.2};
  private static final double[] TAPS = {0.5, 0.3, -0.2};
  private static final double[] BIQUAD = {0.2, 0.3, 0.1, -0.4, 0.2};
  private static final double[] TARGET = {0.25, -0.6, 0.75, 0.45, -0.35, 0.7, -0.8, 0.2};

  private static final Point HANN = at("windowedEnergy", "Hann", FRAME, window("HANN"));
  private static final Point BIQUAD_ENERGY = at("biquadEnergy", "a stable section", BIQUAD, FRAME);
  private static final Point CENTROID = at("spectralCentroid", "eight samples", (Object) FRAME);
  private static final Point AUTOCORRELATION = at("autocorrelation", "lag 2", FRAME, 2);
  private static final Point CUBIC = at("clipperError", "cubic knee", FRAME, 1.2, TARGET, curve("CUBIC"), 0.5);
  private static final Point CREST = at("crestFactorDb", "one peak", (Object) FRAME);
  private static final Point WINDOW_RMS = at("maxWindowRms", "three samples", FRAME, 3);
  private static final Point ENVELOPE = at("envelope", "attack and release", FRAME, 0.6, 0.1);

  private static final double[] AUTOCORRELATIONS = {1.0, 0.55, 0.2, 0.05};
  private static final Point GOERTZEL = at("goertzelPower", "Welch taper", FRAME, 0.2, taper("WELCH"));
  private static final Point LEVINSON = at("levinsonError", "order 3", AUTOCORRELATIONS, 3);
  private static final Point EMPHASIS = at("emphasisedEnergy", "crossings counted", FRAME, 0.9);
  private static final Point QUANTISATION = at("quantisationNoise", "8 bits, one sample clipped", (Object) new double[] {
      0.31, -0.42, 0.77, 1.12, 0.12}, 8);
  private static final Point CEPSTRUM = at("cepstralMean", "eight samples", (Object) FRAME);
  private static final Point FLATNESS = at("spectralFlatness", "eight samples", (Object) FRAME);
  private static final Point SHIFTED = at("shiftedFirEnergy", "three taps", TAPS, FRAME);
  private static final Point NORMALISED = at("normalisedEnergy", "peak in the middle", (Object) FRAME);
  private static final Point FFT_POWER = at("fftPower", "bin 3 of 8", FRAME, 3);
  private static final Point PEAK = at("refinedPeak", "between bins", (Object) new double[] {0.1, 0.4, 0.9, 0.7,
      0.2});

  private static EnumConstant taper(String name) {
    return constant("Signals$Taper", name);
  }

  private static EnumConstant window(String name) {
    return constant("Signals$Window", name);
  }

  private static EnumConstant curve(String name) {
    return constant("Signals$ClipCurve", name);
  }

  @Override
  String owner() {
    return "Signals";
  }

  @Override
  Stream<Point> points() {
    return Stream.of(HANN, BIQUAD_ENERGY, CENTROID, AUTOCORRELATION, CUBIC, CREST, WINDOW_RMS, ENVELOPE, GOERTZEL,
        LEVINSON, EMPHASIS, QUANTISATION, CEPSTRUM, PEAK, FLATNESS, SHIFTED, FFT_POWER, NORMALISED,
        at("fftPower", "bin 0 of 4", new double[] {0.3, -0.8, 1.2, 0.5}, 0),
        at("goertzelPower", "triangular taper", FRAME, 0.35, taper("TRIANGULAR")),
        at("windowedEnergy", "rectangular", FRAME, window("RECTANGULAR")),
        at("windowedEnergy", "Hamming", FRAME, window("HAMMING")),
        at("windowedEnergy", "Blackman", FRAME, window("BLACKMAN")),
        at("windowedEnergy", "one sample", new double[] {0.7}, window("HANN")),
        at("autocorrelation", "lag 0", FRAME, 0),
        at("clipperError", "tanh", FRAME, 1.2, TARGET, curve("TANH"), 0.5),
        at("clipperError", "hard", FRAME, 1.2, TARGET, curve("HARD"), 0.5),
        at("clipperError", "cubic saturated", FRAME, 3.1, TARGET, curve("CUBIC"), 0.5));
  }

  @Override
  Stream<Point> secondOrderPoints() {
    return Stream.of(HANN, BIQUAD_ENERGY, CENTROID, AUTOCORRELATION, CUBIC, CREST, WINDOW_RMS, ENVELOPE, GOERTZEL,
        LEVINSON, EMPHASIS, QUANTISATION, CEPSTRUM, PEAK, FLATNESS, SHIFTED, FFT_POWER, NORMALISED);
  }

  @Override
  Stream<Point> vectorPoints() {
    return Stream.of(
        at("firFilter", "three taps", TAPS, FRAME),
        at("magnitudeSpectrum", "eight samples", (Object) FRAME),
        at("magnitudeSpectrum", "odd length", (Object) new double[] {0.3, -0.8, 1.2, 0.5, -0.4}),
        at("convolve", "three by four", TAPS, new double[] {1.0, -0.5, 0.25, 2.0}),
        at("medianFilter", "width 3, edges clamped", FRAME, 3),
        at("fftMagnitude", "eight samples", (Object) FRAME),
        at("decimate", "by 3, the tail dropped", FRAME, 3),
        at("overlapAdd", "three frames, hop 2", new double[][] {{0.1, 0.5, -0.3, 0.2}, {0.4, -0.2, 0.6, 0.1},
            {-0.5, 0.3, 0.2, 0.7}}, 2, 0.8));
  }

  @Override
  Stream<Throwing> throwingPaths() {
    return Stream.of(
        throwing("windowedEnergy", "empty", IllegalArgumentException.class, "empty frame", new double[0],
            window("HANN")),
        throwing("firFilter", "no taps", IllegalArgumentException.class, "a filter needs at least one tap",
            new double[0], FRAME),
        throwing("biquadEnergy", "four coefficients", IllegalArgumentException.class,
            "a biquad has 5 coefficients (b0, b1, b2, a1, a2), got 4", new double[] {1.0, 0.0, 0.0, 0.1}, FRAME),
        throwing("autocorrelation", "lag too long", IllegalArgumentException.class, "lag 8 outside [0, 8)", FRAME,
            8),
        throwing("clipperError", "threshold 1", IllegalArgumentException.class, "threshold must lie in (0, 1): 1.0",
            FRAME, 1.2, TARGET, curve("TANH"), 1.0),
        throwing("spectralFlatness", "silence", ArithmeticException.class, "silent frame", (Object) new double[4]),
        throwing("crestFactorDb", "silence", ArithmeticException.class, "silent frame", (Object) new double[4]),
        throwing("maxWindowRms", "window too long", IllegalArgumentException.class, "window 9 outside [1, 8]",
            FRAME, 9),
        throwing("levinsonError", "order too high", IllegalArgumentException.class,
            "order 4 needs 5 autocorrelations", AUTOCORRELATIONS, 4),
        throwing("quantisationNoise", "32 bits", IllegalArgumentException.class, "bits must lie in [2, 16]: 32",
            FRAME, 32),
        throwing("fftMagnitude", "six samples", IllegalArgumentException.class, "length 6 is not a power of 2",
            (Object) new double[6]),
        throwing("medianFilter", "even width", IllegalArgumentException.class, "width must be odd: 4", FRAME, 4));
  }
}
