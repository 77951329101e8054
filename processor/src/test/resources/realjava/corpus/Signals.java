package corpus;

import static java.lang.Math.PI;
import static java.lang.Math.cos;
import static java.lang.Math.sin;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Locale;

/**
 * Digital signal processing as audio and DSP libraries write it: windows chosen by an enum,
 * an FIR filter over a ring buffer, a biquad section with its state, the DFT's magnitude spectrum,
 * autocorrelation, zero-padded convolution, a soft clipper, and RMS, peak and envelope detectors;
 * then Goertzel's algorithm over a taper whose constants compute their weights, Levinson-Durbin
 * with swapped buffers, a median filter sorting copies, decimation with two loop indices,
 * pre-emphasis in place on a clone, quantisation through a short, a cepstral mean, overlap-add by
 * arraycopy, and a parabolic peak refined in a do-while; spectral flatness by streams folded with
 * reduce, an FIR delay line shifted by an overlapping arraycopy, and an in-place radix-2 FFT with
 * its shifts and exclusive-ors; a signal normalised in place in its parameter array.
 */
public final class Signals {
  /** The window applied before a sum or a transform. */
  public enum Window { RECTANGULAR, HANN, HAMMING, BLACKMAN }

  /** How a clipper bends the signal above its threshold. */
  public enum ClipCurve { CUBIC, TANH, HARD }

  private Signals() {}

  private static double windowWeight(Window window, int i, int n) {
    if (n == 1) {
      return 1;
    }
    double phase = 2 * PI * i / (n - 1);
    switch (window) {
      case RECTANGULAR:
        return 1;
      case HANN:
        return 0.5 - 0.5 * cos(phase);
      case HAMMING:
        return 0.54 - 0.46 * cos(phase);
      case BLACKMAN:
        return 0.42 - 0.5 * cos(phase) + 0.08 * cos(2 * phase);
      default:
        throw new AssertionError(window);
    }
  }

  /** The windowed energy sum w_i^2 x_i^2 over the frame, normalised by the window's power. */
  @Differentiable
  public static double windowedEnergy(double[] frame, Window window) {
    if (frame.length == 0) {
      throw new IllegalArgumentException("empty frame");
    }
    int n = frame.length;
    double energy = 0;
    double power = 0;
    for (int i = 0; i < n; i++) {
      double w = windowWeight(window, i, n);
      energy += w * w * frame[i] * frame[i];
      power += w * w;
    }
    return energy / power;
  }

  /**
   * The FIR filter's output for every input sample, the delay line a ring buffer whose write
   * position wraps around, as streaming code keeps it.
   */
  @Differentiable
  public static double[] firFilter(double[] taps, double[] input) {
    int order = taps.length;
    if (order == 0) {
      throw new IllegalArgumentException("a filter needs at least one tap");
    }
    double[] delay = new double[order];
    int head = 0;
    double[] output = new double[input.length];
    for (int n = 0; n < input.length; n++) {
      delay[head] = input[n];
      double acc = 0;
      int index = head;
      for (int k = 0; k < order; k++) {
        acc += taps[k] * delay[index];
        index = index == 0 ? order - 1 : index - 1;
      }
      output[n] = acc;
      head = (head + 1) % order;
    }
    return output;
  }

  /**
   * A biquad section (transposed direct form II) run over the input; the squared output summed,
   * as a filter design's loss would measure it. Coefficients are b0, b1, b2, a1, a2 (a0 = 1).
   */
  @Differentiable
  public static double biquadEnergy(double[] coefficients, @NoDerivative double[] input) {
    if (coefficients.length != 5) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "a biquad has 5 coefficients (b0, b1, b2, a1, a2), got %d", coefficients.length));
    }
    double b0 = coefficients[0], b1 = coefficients[1], b2 = coefficients[2];
    double a1 = coefficients[3], a2 = coefficients[4];
    double[] state = new double[2];
    double energy = 0;
    for (double x : input) {
      double y = b0 * x + state[0];
      state[0] = b1 * x - a1 * y + state[1];
      state[1] = b2 * x - a2 * y;
      energy += y * y;
    }
    return energy;
  }

  /** The magnitude of each DFT bin up to Nyquist, the real and imaginary parts kept as rows of one array. */
  @Differentiable
  public static double[] magnitudeSpectrum(double[] signal) {
    int n = signal.length;
    int bins = n / 2 + 1;
    double[][] spectrum = new double[2][bins];
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < n; t++) {
        double angle = -2 * PI * k * t / n;
        spectrum[0][k] += signal[t] * cos(angle);
        spectrum[1][k] += signal[t] * sin(angle);
      }
    }
    double[] magnitude = new double[bins];
    for (int k = 0; k < bins; k++) {
      magnitude[k] = Math.hypot(spectrum[0][k], spectrum[1][k]);
    }
    return magnitude;
  }

  /** The spectral centroid: the magnitude-weighted mean bin frequency, in cycles per sample. */
  @Differentiable
  public static double spectralCentroid(double[] signal) {
    double[] magnitude = magnitudeSpectrum(signal);
    double weighted = 0;
    double total = 0;
    for (int k = 0; k < magnitude.length; k++) {
      weighted += k * magnitude[k];
      total += magnitude[k];
    }
    if (total == 0) {
      return 0;
    }
    return weighted / total / signal.length;
  }

  /** The normalised autocorrelation of the signal at a lag, about its mean. */
  @Differentiable
  public static double autocorrelation(double[] x, int lag) {
    int n = x.length;
    if (lag < 0 || lag >= n) {
      throw new IllegalArgumentException("lag " + lag + " outside [0, " + n + ")");
    }
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double numerator = 0;
    double denominator = 0;
    for (int t = 0; t < n; t++) {
      double d = x[t] - mean;
      denominator += d * d;
      if (t + lag < n) {
        numerator += d * (x[t + lag] - mean);
      }
    }
    return numerator / denominator;
  }

  /** The full linear convolution of a and b, each zero-padded to the output's length first. */
  @Differentiable
  public static double[] convolve(double[] a, double[] b) {
    int length = a.length + b.length - 1;
    double[] paddedA = Arrays.copyOf(a, length);
    double[] paddedB = Arrays.copyOf(b, length);
    double[] out = new double[length];
    for (int n = 0; n < length; n++) {
      for (int k = 0; k <= n; k++) {
        out[n] += paddedA[k] * paddedB[n - k];
      }
    }
    return out;
  }

  /** A soft clipper: linear below the threshold, bent above it by the chosen curve, never past 1. */
  private static double clip(double x, double threshold, ClipCurve curve) {
    double magnitude = Math.abs(x);
    if (magnitude <= threshold) {
      return x;
    }
    double over = (magnitude - threshold) / (1 - threshold);
    double bent;
    switch (curve) {
      case CUBIC -> bent = over < 1 ? over - over * over * over / 3 : 2.0 / 3;
      case TANH -> bent = Math.tanh(over);
      default -> bent = Math.min(over, 1);
    }
    return Math.copySign(threshold + (1 - threshold) * bent, x);
  }

  /** The mean squared error between the driven, clipped signal and a target. */
  @Differentiable
  public static double clipperError(double[] signal, double drive, @NoDerivative double[] target, ClipCurve curve,
      double threshold) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must lie in (0, 1): " + threshold);
    }
    double error = 0;
    for (int i = 0; i < signal.length; i++) {
      double e = clip(drive * signal[i], threshold, curve) - target[i];
      error += e * e;
    }
    return error / signal.length;
  }

  /** The crest factor: the peak over the RMS of the frame, in decibels. */
  @Differentiable
  public static double crestFactorDb(double[] frame) {
    double peak = 0;
    double sumSquares = 0;
    for (double x : frame) {
      peak = Math.max(peak, Math.abs(x));
      sumSquares += x * x;
    }
    double rms = Math.sqrt(sumSquares / frame.length);
    if (rms == 0) {
      throw new ArithmeticException("silent frame");
    }
    return 20 * Math.log10(peak / rms);
  }

  /** The largest RMS over sliding windows, kept as a running sum that drops the sample leaving it. */
  @Differentiable
  public static double maxWindowRms(double[] x, int window) {
    if (window <= 0 || window > x.length) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "window %d outside [1, %d]", window, x.length));
    }
    double sum = 0;
    for (int i = 0; i < window; i++) {
      sum += x[i] * x[i];
    }
    double best = sum;
    for (int i = window; i < x.length; i++) {
      sum += x[i] * x[i] - x[i - window] * x[i - window];
      best = Math.max(best, sum);
    }
    return Math.sqrt(best / window);
  }

  /** The last value of an envelope follower with separate attack and release coefficients. */
  @Differentiable
  public static double envelope(double[] x, double attack, double release) {
    double level = 0;
    for (double sample : x) {
      double rectified = Math.abs(sample);
      double coefficient = rectified > level ? attack : release;
      level += coefficient * (rectified - level);
    }
    return level;
  }

  /** Windows whose constants compute their own weights. */
  public enum Taper {
    TRIANGULAR {
      @Override
      double weight(int i, int n) {
        return 1 - Math.abs((i - (n - 1) / 2.0) / ((n + 1) / 2.0));
      }
    },
    WELCH {
      @Override
      double weight(int i, int n) {
        double r = (i - (n - 1) / 2.0) / ((n - 1) / 2.0);
        return 1 - r * r;
      }
    };

    abstract double weight(int i, int n);
  }

  /** Goertzel's power at one normalised frequency. */
  @Differentiable
  public static double goertzelPower(double[] x, double frequency, Taper taper) {
    double coefficient = 2 * Math.cos(2 * Math.PI * frequency);
    double s1 = 0, s2 = 0;
    int n = 0;
    while (n < x.length) {
      double s0 = x[n] * taper.weight(n, x.length) + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
      n++;
    }
    return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  }

  /** Levinson-Durbin: the prediction error of an order-p all-pole model from autocorrelations. */
  @Differentiable
  public static double levinsonError(double[] r, int order) {
    if (order >= r.length) {
      throw new IllegalArgumentException("order " + order + " needs " + (order + 1) + " autocorrelations");
    }
    double[] a = new double[order + 1];
    double[] previous = new double[order + 1];
    a[0] = 1;
    double error = r[0];
    for (int i = 1; i <= order; i++) {
      double acc = r[i];
      for (int j = 1; j < i; j++) {
        acc += a[j] * r[i - j];
      }
      double k = -acc / error;
      double[] tmp = previous;
      previous = a;
      a = tmp;
      System.arraycopy(previous, 0, a, 0, order + 1);
      for (int j = 1; j < i; j++) {
        a[j] = previous[j] + k * previous[i - j];
      }
      a[i] = k;
      error *= 1 - k * k;
    }
    return error;
  }

  /** Running median of a window, sorted copies. */
  @Differentiable
  public static double[] medianFilter(double[] x, int width) {
    if (width % 2 == 0) {
      throw new IllegalArgumentException("width must be odd: " + width);
    }
    int half = width / 2;
    double[] out = new double[x.length];
    double[] window = new double[width];
    for (int i = 0; i < x.length; i++) {
      for (int k = -half; k <= half; k++) {
        int j = Math.max(0, Math.min(x.length - 1, i + k));
        window[k + half] = x[j];
      }
      double[] sorted = window.clone();
      Arrays.sort(sorted);
      out[i] = sorted[half];
    }
    return out;
  }

  /** Decimate by a factor after a moving average, two indices stepping together. */
  @Differentiable
  public static double[] decimate(double[] x, int factor) {
    double[] out = new double[x.length / factor];
    for (int i = 0, j = 0; j < out.length; i += factor, j++) {
      double sum = 0;
      for (int k = 0; k < factor; k++) {
        sum += x[i + k];
      }
      out[j] = sum / factor;
    }
    return out;
  }

  /** Pre-emphasis on a clone, then the zero-crossing-weighted energy. */
  @Differentiable
  public static double emphasisedEnergy(double[] x, double alpha) {
    double[] y = x.clone();
    for (int i = y.length - 1; i > 0; i--) {
      y[i] -= alpha * y[i - 1];
    }
    int crossings = 0;
    double energy = 0;
    for (int i = 0; i < y.length; i++) {
      if (i > 0 && (y[i] >= 0) != (y[i - 1] >= 0)) {
        crossings++;
      }
      energy += y[i] * y[i];
    }
    return energy * (1 + (double) crossings / y.length);
  }

  /** The energy of the error of quantising the signal to signed integers of the given bits, at most 16. */
  @Differentiable
  public static double quantisationNoise(double[] x, int bits) {
    if (bits < 2 || bits > 16) {
      throw new IllegalArgumentException("bits must lie in [2, 16]: " + bits);
    }
    int full = (1 << (bits - 1)) - 1;
    double noise = 0;
    for (double v : x) {
      double scaled = v * full;
      short q = (short) Math.max(-full - 1, Math.min(full, Math.round(scaled)));
      double e = scaled - q;
      noise += e * e;
    }
    return noise;
  }

  /** Real cepstrum's first coefficient from the log-magnitude spectrum. */
  @Differentiable
  public static double cepstralMean(double[] x) {
    int n = x.length;
    double sum = 0;
    for (int k = 0; k < n; k++) {
      double re = 0, im = 0;
      for (int t = 0; t < n; t++) {
        double angle = 2 * Math.PI * k * t / n;
        re += x[t] * Math.cos(angle);
        im -= x[t] * Math.sin(angle);
      }
      sum += Math.log(Math.hypot(re, im) + 1e-12);
    }
    return sum / n;
  }

  /** Overlap-add of frames scaled by a gain, built with arraycopy-ed hops. */
  @Differentiable
  public static double[] overlapAdd(double[][] frames, int hop, double gain) {
    int length = hop * (frames.length - 1) + frames[0].length;
    double[] out = new double[length];
    double[] frame = new double[frames[0].length];
    for (int f = 0; f < frames.length; f++) {
      System.arraycopy(frames[f], 0, frame, 0, frame.length);
      for (int i = 0; i < frame.length; i++) {
        out[f * hop + i] += gain * frame[i];
      }
    }
    return out;
  }

  /** Pitch by Newton's method on a parabola through the autocorrelation peak; do-while refine. */
  @Differentiable
  public static double refinedPeak(double[] y) {
    int best = 1;
    for (int i = 2; i < y.length - 1; i++) {
      if (y[i] > y[best]) {
        best = i;
      }
    }
    double a = y[best - 1], b = y[best], c = y[best + 1];
    double offset = 0;
    double step;
    do {
      double slope = (c - a) / 2 + (a - 2 * b + c) * offset;
      double curvature = a - 2 * b + c;
      step = slope / curvature;
      offset -= step;
    } while (Math.abs(step) > 1e-14);
    return best + offset;
  }

  /**
   * Spectral flatness: the geometric over the arithmetic mean of the magnitudes, the product folded
   * by {@code reduce} and the peak taken by a stream, as short-frame analysers write it.
   */
  @Differentiable
  public static double spectralFlatness(double[] frame) {
    double[] magnitude = magnitudeSpectrum(frame);
    int bins = magnitude.length;
    double peak = Arrays.stream(magnitude).map(Math::abs).max().orElseThrow();
    if (peak == 0) {
      throw new ArithmeticException("silent frame");
    }
    double product = Arrays.stream(magnitude).reduce(1, (p, q) -> p * q);
    double mean = Arrays.stream(magnitude).reduce(0, Double::sum) / bins;
    return Math.pow(product, 1.0 / bins) / mean;
  }

  /** An FIR filter's output energy, its delay line shifted one sample each step by an overlapping arraycopy. */
  @Differentiable
  public static double shiftedFirEnergy(double[] taps, double[] input) {
    double[] delay = new double[taps.length];
    double energy = 0;
    for (double sample : input) {
      System.arraycopy(delay, 0, delay, 1, delay.length - 1);
      delay[0] = sample;
      double y = 0;
      for (int k = 0; k < taps.length; k++) {
        y += taps[k] * delay[k];
      }
      energy += y * y;
    }
    return energy;
  }

  /**
   * The discrete Fourier transform of (re, im) in place: iterative radix-2, the bit-reversal
   * permutation by swaps, then butterflies over doubling lengths with the twiddle by recurrence.
   */
  private static void fft(double[] re, double[] im) {
    int n = re.length;
    if (Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("length " + n + " is not a power of 2");
    }
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double tr = re[i];
        re[i] = re[j];
        re[j] = tr;
        double ti = im[i];
        im[i] = im[j];
        im[j] = ti;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = -2 * Math.PI / len;
      double wr = Math.cos(angle), wi = Math.sin(angle);
      for (int i = 0; i < n; i += len) {
        double cr = 1, ci = 0;
        for (int k = 0; k < len / 2; k++) {
          int a = i + k, b = i + k + len / 2;
          double ur = re[a], ui = im[a];
          double vr = re[b] * cr - im[b] * ci;
          double vi = re[b] * ci + im[b] * cr;
          re[a] = ur + vr;
          im[a] = ui + vi;
          re[b] = ur - vr;
          im[b] = ui - vi;
          double next = cr * wr - ci * wi;
          ci = cr * wi + ci * wr;
          cr = next;
        }
      }
    }
  }

  /** The magnitude spectrum up to Nyquist by the FFT. */
  @Differentiable
  public static double[] fftMagnitude(double[] signal) {
    double[] re = signal.clone();
    double[] im = new double[signal.length];
    fft(re, im);
    double[] magnitude = new double[signal.length / 2 + 1];
    for (int k = 0; k < magnitude.length; k++) {
      magnitude[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    }
    return magnitude;
  }

  /** The power of one bin by the FFT. */
  @Differentiable
  public static double fftPower(double[] signal, int bin) {
    double[] re = signal.clone();
    double[] im = new double[signal.length];
    fft(re, im);
    return re[bin] * re[bin] + im[bin] * im[bin];
  }

  /** Normalises the signal in place to unit peak, then returns its energy. */
  @Differentiable
  public static double normalisedEnergy(double[] x) {
    double peak = 0;
    for (double v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    for (int i = 0; i < x.length; i++) {
      x[i] /= peak;
    }
    double e = 0;
    for (double v : x) {
      e += v * v;
    }
    return e;
  }}
