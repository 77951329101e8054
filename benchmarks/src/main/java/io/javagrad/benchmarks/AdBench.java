package io.javagrad.benchmarks;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;

/**
 * Two objectives of ADBench (microsoft/ADBench, "A benchmark of selected algorithmic
 * differentiation tools on some problems in computer vision and machine learning", Srajer,
 * Baydin, Fitzgibbon and Pearlmutter, 2018), written in plain Java from the benchmark's public
 * definition: the Gaussian mixture model's negative log-likelihood with a Wishart prior ({@code
 * gmm}) and the two-layer-and-up LSTM's loss over a character sequence ({@code lstm}). Each
 * computes what the reference defines, quirks included (the LSTM's log-sum-exp adds 2 inside the
 * logarithm), so that ratios measured here compare with those published for the benchmark. The
 * processor generates {@code AdBenchGrad}; the hand-written adjoints are in {@link
 * AdBenchAdjoints}.
 */
public final class AdBench {
  private AdBench() {}

  // ---------------------------------------------------------------- Gaussian mixture

  /**
   * The GMM objective: {@code k = alphas.length} components in {@code d = means.length / k}
   * dimensions, over the {@code n = x.length / d} points of {@code x} (row by row). Component
   * {@code c}'s inverse covariance is {@code Q^T Q}, {@code Q} lower triangular, given by the
   * {@code d (d + 1) / 2} entries of {@code icf} from {@code c d (d + 1) / 2}: the logarithms of
   * the diagonal first, then the entries below it column by column. The value is the negative
   * log-likelihood's terms that depend on the parameters (ADBench's sign convention), plus the
   * log of a Wishart prior with parameters {@code wishartGamma} and {@code wishartM}.
   */
  @Differentiable
  public static double gmmObjective(double[] alphas, double[] means, double[] icf,
      @NoDerivative double[] x, @NoDerivative double wishartGamma, @NoDerivative int wishartM) {
    int k = alphas.length;
    int d = means.length / k;
    int n = x.length / d;
    int icfSize = d * (d + 1) / 2;
    double[] qDiags = new double[k * d];
    double[] sumQs = new double[k];
    for (int c = 0; c < k; c++) {
      double sumQ = 0;
      for (int j = 0; j < d; j++) {
        double logDiag = icf[c * icfSize + j];
        sumQ += logDiag;
        qDiags[c * d + j] = Math.exp(logDiag);
      }
      sumQs[c] = sumQ;
    }

    double[] centred = new double[d];
    double[] qCentred = new double[d];
    double[] mainTerms = new double[k];
    double sumLogSumExp = 0;
    for (int p = 0; p < n; p++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          centred[j] = x[p * d + j] - means[c * d + j];
        }
        for (int j = 0; j < d; j++) {
          qCentred[j] = qDiags[c * d + j] * centred[j];
        }
        int below = c * icfSize + d;
        for (int i = 0; i < d; i++) {
          for (int j = i + 1; j < d; j++) {
            qCentred[j] += icf[below] * centred[i];
            below++;
          }
        }
        double squaredNorm = 0;
        for (int j = 0; j < d; j++) {
          squaredNorm += qCentred[j] * qCentred[j];
        }
        mainTerms[c] = alphas[c] + sumQs[c] - 0.5 * squaredNorm;
      }
      double max = mainTerms[0];
      for (int c = 1; c < k; c++) {
        max = Math.max(max, mainTerms[c]);
      }
      double sumExp = 0;
      for (int c = 0; c < k; c++) {
        sumExp += Math.exp(mainTerms[c] - max);
      }
      sumLogSumExp += Math.log(sumExp) + max;
    }

    double maxAlpha = alphas[0];
    for (int c = 1; c < k; c++) {
      maxAlpha = Math.max(maxAlpha, alphas[c]);
    }
    double sumExpAlphas = 0;
    for (int c = 0; c < k; c++) {
      sumExpAlphas += Math.exp(alphas[c] - maxAlpha);
    }
    double logSumExpAlphas = Math.log(sumExpAlphas) + maxAlpha;

    double prior = 0;
    for (int c = 0; c < k; c++) {
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        frobenius += qDiags[c * d + j] * qDiags[c * d + j];
      }
      for (int e = c * icfSize + d; e < (c + 1) * icfSize; e++) {
        frobenius += icf[e] * icf[e];
      }
      prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[c];
    }
    return gmmConstant(n, d, k, wishartGamma, wishartM) + sumLogSumExp - n * logSumExpAlphas
        + prior;
  }

  /**
   * The GMM objective's terms that depend on no parameter: the Gaussian normalisation and the
   * Wishart prior's normalisation, over {@code k} components.
   */
  static double gmmConstant(int n, int d, int k, double wishartGamma, int wishartM) {
    int dof = d + wishartM + 1;
    double priorConstant = dof * d * (Math.log(wishartGamma) - 0.5 * Math.log(2))
        - logMultivariateGamma(0.5 * dof, d);
    return -n * d * 0.5 * Math.log(2 * Math.PI) - k * priorConstant;
  }

  /**
   * The logarithm of the multivariate gamma function of dimension {@code p} at {@code a}, where
   * {@code 2 a} is an integer of at least {@code p + 1} (the only case the prior needs): a sum of
   * logarithms of the gamma function at positive multiples of one half.
   */
  static double logMultivariateGamma(double a, int p) {
    double result = 0.25 * p * (p - 1) * Math.log(Math.PI);
    for (int j = 1; j <= p; j++) {
      result += logGammaOfHalfInteger(a + 0.5 * (1 - j));
    }
    return result;
  }

  /**
   * {@code log Γ(x)} for {@code x} a positive multiple of one half, exactly up to rounding: from
   * {@code Γ(1) = 1} and {@code Γ(1/2) = sqrt(π)} by {@code Γ(x + 1) = x Γ(x)}.
   */
  static double logGammaOfHalfInteger(double x) {
    double result = 0;
    double y = x;
    while (y > 1) {
      y -= 1;
      result += Math.log(y);
    }
    return y == 1 ? result : result + 0.5 * Math.log(Math.PI);
  }

  // ---------------------------------------------------------------- LSTM

  /**
   * The LSTM objective: {@code layers} LSTM layers of {@code b = extraParams.length / 3} units
   * read the {@code c = sequence.length / b} one-hot-like vectors of {@code sequence} and predict
   * each next one; the value is the negative mean log-likelihood of the predictions. {@code
   * mainParams} holds, layer by layer, the weights ({@code 4 b}: forget, input, output gates and
   * the cell's change) and then the biases ({@code 4 b}); {@code extraParams}, the input's scale,
   * the output's scale and the output's offset ({@code b} each). {@code initialState} holds,
   * layer by layer, the hidden state and the cell ({@code b} each); it is copied, not changed.
   */
  @Differentiable
  public static double lstmObjective(double[] mainParams, double[] extraParams,
      @NoDerivative double[] initialState, @NoDerivative double[] sequence, int layers) {
    int b = extraParams.length / 3;
    int c = sequence.length / b;
    double[] state = new double[initialState.length];
    for (int s = 0; s < state.length; s++) {
      state[s] = initialState[s];
    }
    double[] layerInput = new double[b];
    double[] prediction = new double[b];
    double total = 0;
    int count = 0;
    for (int t = 0; t < c - 1; t++) {
      for (int i = 0; i < b; i++) {
        layerInput[i] = sequence[t * b + i] * extraParams[i];
      }
      for (int layer = 0; layer < layers; layer++) {
        int weight = layer * 8 * b;
        int bias = weight + 4 * b;
        int hidden = layer * 2 * b;
        int cell = hidden + b;
        for (int i = 0; i < b; i++) {
          double forget = 1 / (1 + Math.exp(-(layerInput[i] * mainParams[weight + i]
              + mainParams[bias + i])));
          double inGate = 1 / (1 + Math.exp(-(state[hidden + i] * mainParams[weight + b + i]
              + mainParams[bias + b + i])));
          double outGate = 1 / (1 + Math.exp(-(layerInput[i] * mainParams[weight + 2 * b + i]
              + mainParams[bias + 2 * b + i])));
          double change = Math.tanh(state[hidden + i] * mainParams[weight + 3 * b + i]
              + mainParams[bias + 3 * b + i]);
          state[cell + i] = state[cell + i] * forget + inGate * change;
          state[hidden + i] = outGate * Math.tanh(state[cell + i]);
        }
        for (int i = 0; i < b; i++) {
          layerInput[i] = state[hidden + i];
        }
      }
      double sumExp = 0;
      for (int i = 0; i < b; i++) {
        prediction[i] = layerInput[i] * extraParams[b + i] + extraParams[2 * b + i];
        sumExp += Math.exp(prediction[i]);
      }
      // ADBench's log-sum-exp adds 2 to the sum (microsoft/ADBench issue 143); kept, to compare.
      double logSumExp = Math.log(sumExp + 2);
      for (int i = 0; i < b; i++) {
        total += sequence[(t + 1) * b + i] * (prediction[i] - logSumExp);
      }
      count += b;
    }
    return -total / count;
  }
}
