package io.javagrad.benchmarks;

import java.util.Arrays;

/**
 * Gradients of the {@link AdBench} objectives, written by hand as in {@link HandAdjoints}: the
 * generated gradient's signature and layout (returns the value, overwrites {@code grad}), the
 * derivative simplified on paper, and what the reverse pass needs kept in the cheapest place.
 */
public final class AdBenchAdjoints {
  private AdBenchAdjoints() {}

  /**
   * {@link AdBench#gmmObjective}: the loss is a sum over points, so each point's adjoint is
   * finished before the next point is read. Per point, the centred vectors and their products with
   * {@code Q} are kept for all {@code k} components ({@code 2 k d} doubles, reused from point to
   * point), so the reverse recomputes nothing; the softmax weights come from the exponentials the
   * log-sum-exp computed. The adjoints of {@code Q}'s diagonal are gathered apart and turned into
   * those of its logarithms once, at the end. Allocates its scratch arrays, as the primal does.
   */
  public static double gmmObjective(double[] alphas, double[] means, double[] icf, double[] x,
      double wishartGamma, int wishartM, double[] grad) {
    int k = alphas.length;
    int d = means.length / k;
    int n = x.length / d;
    int icfSize = d * (d + 1) / 2;
    int meansSlot = k;
    int icfSlot = k + k * d;
    Arrays.fill(grad, 0, icfSlot + k * icfSize, 0.0);
    double[] qDiags = new double[k * d];
    double[] sumQs = new double[k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        double logDiag = icf[c * icfSize + j];
        sumQs[c] += logDiag;
        qDiags[c * d + j] = Math.exp(logDiag);
      }
    }
    double[] centred = new double[k * d];
    double[] qCentred = new double[k * d];
    double[] weights = new double[k];
    double[] gQDiags = new double[k * d];
    double[] gSumQs = new double[k];
    double sumLogSumExp = 0;
    for (int p = 0; p < n; p++) {
      int row = p * d;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        int cd = c * d;
        for (int j = 0; j < d; j++) {
          double z = x[row + j] - means[cd + j];
          centred[cd + j] = z;
          qCentred[cd + j] = qDiags[cd + j] * z;
        }
        int below = c * icfSize + d;
        for (int i = 0; i < d; i++) {
          double zi = centred[cd + i];
          for (int j = i + 1; j < d; j++) {
            qCentred[cd + j] += icf[below++] * zi;
          }
        }
        double squaredNorm = 0;
        for (int j = 0; j < d; j++) {
          squaredNorm += qCentred[cd + j] * qCentred[cd + j];
        }
        double term = alphas[c] + sumQs[c] - 0.5 * squaredNorm;
        weights[c] = term;
        max = Math.max(max, term);
      }
      double sumExp = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(weights[c] - max);
        weights[c] = e;
        sumExp += e;
      }
      sumLogSumExp += Math.log(sumExp) + max;
      // d lse / d term_c = softmax_c; d term_c / d (Q z)_j = -(Q z)_j.
      double inverse = 1 / sumExp;
      for (int c = 0; c < k; c++) {
        double w = weights[c] * inverse;
        grad[c] += w;
        gSumQs[c] += w;
        int cd = c * d;
        for (int j = 0; j < d; j++) {
          qCentred[cd + j] *= -w;
        }
        int below = c * icfSize + d;
        for (int i = 0; i < d; i++) {
          double zi = centred[cd + i];
          double gi = qCentred[cd + i];
          gQDiags[cd + i] += gi * zi;
          double gz = gi * qDiags[cd + i];
          for (int j = i + 1; j < d; j++) {
            double gj = qCentred[cd + j];
            grad[icfSlot + below] += gj * zi;
            gz += gj * icf[below];
            below++;
          }
          grad[meansSlot + cd + i] -= gz;
        }
      }
    }

    double maxAlpha = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      maxAlpha = Math.max(maxAlpha, alphas[c]);
    }
    double sumExpAlphas = 0;
    for (int c = 0; c < k; c++) {
      double e = Math.exp(alphas[c] - maxAlpha);
      weights[c] = e;
      sumExpAlphas += e;
    }
    for (int c = 0; c < k; c++) {
      grad[c] -= n * weights[c] / sumExpAlphas;
    }

    double gamma2 = wishartGamma * wishartGamma;
    double prior = 0;
    for (int c = 0; c < k; c++) {
      int cd = c * d;
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        double q = qDiags[cd + j];
        frobenius += q * q;
        gQDiags[cd + j] += gamma2 * q;
      }
      for (int e = c * icfSize + d; e < (c + 1) * icfSize; e++) {
        frobenius += icf[e] * icf[e];
        grad[icfSlot + e] += gamma2 * icf[e];
      }
      prior += 0.5 * gamma2 * frobenius - wishartM * sumQs[c];
      double gSumQ = gSumQs[c] - wishartM;
      for (int j = 0; j < d; j++) {
        grad[icfSlot + c * icfSize + j] += gQDiags[cd + j] * qDiags[cd + j] + gSumQ;
      }
    }
    return AdBench.gmmConstant(n, d, k, wishartGamma, wishartM) + sumLogSumExp
        - n * (Math.log(sumExpAlphas) + maxAlpha) + prior;
  }

  /** Doubles the LSTM adjoint keeps per time step: 8 per unit and layer, and the output's adjoint. */
  static int lstmRecord(int layers, int b) {
    return 8 * layers * b + b;
  }

  /**
   * {@link AdBench#lstmObjective}: a recurrence, so the forward pass records, per time step, layer
   * and unit, the gate's inputs, the gates and the new cell's {@code tanh} in {@code work} (at
   * least {@code (c - 1) lstmRecord(layers, b)} long, owned by the caller as in {@link
   * HandAdjoints#pendulum}); each step's prediction is differentiated as soon as it is made, and
   * its adjoint recorded for the top layer. The reverse pass walks the steps backwards with the
   * hidden and cell adjoints of every layer in two small arrays, and computes no transcendental
   * function.
   */
  public static double lstmObjective(double[] mainParams, double[] extraParams,
      double[] initialState, double[] sequence, int layers, double[] grad, double[] work) {
    int b = extraParams.length / 3;
    int steps = sequence.length / b - 1;
    int extraSlot = mainParams.length;
    int record = lstmRecord(layers, b);
    Arrays.fill(grad, 0, extraSlot + extraParams.length, 0.0);
    double[] state = initialState.clone();
    double[] input = new double[b];
    double[] exps = new double[b];
    int count = steps * b;
    double scale = -1.0 / count;
    double total = 0;
    for (int t = 0; t < steps; t++) {
      int r = t * record;
      for (int i = 0; i < b; i++) {
        input[i] = sequence[t * b + i] * extraParams[i];
      }
      for (int layer = 0; layer < layers; layer++) {
        int weight = layer * 8 * b;
        int bias = weight + 4 * b;
        int hidden = layer * 2 * b;
        int cell = hidden + b;
        for (int i = 0; i < b; i++, r += 8) {
          double in = input[i];
          double h = state[hidden + i];
          double cOld = state[cell + i];
          double forget = sigmoid(in * mainParams[weight + i] + mainParams[bias + i]);
          double inGate = sigmoid(h * mainParams[weight + b + i] + mainParams[bias + b + i]);
          double outGate = sigmoid(in * mainParams[weight + 2 * b + i]
              + mainParams[bias + 2 * b + i]);
          double change = Math.tanh(h * mainParams[weight + 3 * b + i]
              + mainParams[bias + 3 * b + i]);
          double cNew = cOld * forget + inGate * change;
          double tanhC = Math.tanh(cNew);
          double hNew = outGate * tanhC;
          state[cell + i] = cNew;
          state[hidden + i] = hNew;
          input[i] = hNew;
          work[r] = in;
          work[r + 1] = h;
          work[r + 2] = cOld;
          work[r + 3] = forget;
          work[r + 4] = inGate;
          work[r + 5] = outGate;
          work[r + 6] = change;
          work[r + 7] = tanhC;
        }
      }
      int gold = (t + 1) * b;
      double sumExp = 0;
      double goldSum = 0;
      for (int i = 0; i < b; i++) {
        double prediction = input[i] * extraParams[b + i] + extraParams[2 * b + i];
        double e = Math.exp(prediction);
        exps[i] = e;
        sumExp += e;
        goldSum += sequence[gold + i];
        total += sequence[gold + i] * prediction;
      }
      double denominator = sumExp + 2;
      total -= goldSum * Math.log(denominator);
      // d loss / d prediction_i = -(gold_i - (sum gold) e_i / (sum e + 2)) / count
      for (int i = 0; i < b; i++) {
        double g = scale * (sequence[gold + i] - goldSum * exps[i] / denominator);
        grad[extraSlot + b + i] += g * input[i];
        grad[extraSlot + 2 * b + i] += g;
        work[r + i] = g * extraParams[b + i];
      }
    }

    double[] gHidden = new double[layers * b];
    double[] gCell = new double[layers * b];
    int top = (layers - 1) * b;
    for (int t = steps - 1; t >= 0; t--) {
      int output = t * record + 8 * layers * b;
      for (int i = 0; i < b; i++) {
        gHidden[top + i] += work[output + i];
      }
      for (int layer = layers - 1; layer >= 0; layer--) {
        int weight = layer * 8 * b;
        int bias = weight + 4 * b;
        int unit = layer * b;
        int r = t * record + 8 * layer * b;
        for (int i = 0; i < b; i++, r += 8) {
          double in = work[r];
          double h = work[r + 1];
          double cOld = work[r + 2];
          double forget = work[r + 3];
          double inGate = work[r + 4];
          double outGate = work[r + 5];
          double change = work[r + 6];
          double tanhC = work[r + 7];
          double gh = gHidden[unit + i];
          double gc = gCell[unit + i] + gh * outGate * (1 - tanhC * tanhC);
          double zForget = gc * cOld * forget * (1 - forget);
          double zIn = gc * change * inGate * (1 - inGate);
          double zOut = gh * tanhC * outGate * (1 - outGate);
          double zChange = gc * inGate * (1 - change * change);
          grad[weight + i] += zForget * in;
          grad[bias + i] += zForget;
          grad[weight + b + i] += zIn * h;
          grad[bias + b + i] += zIn;
          grad[weight + 2 * b + i] += zOut * in;
          grad[bias + 2 * b + i] += zOut;
          grad[weight + 3 * b + i] += zChange * h;
          grad[bias + 3 * b + i] += zChange;
          gCell[unit + i] = gc * forget;
          gHidden[unit + i] = zIn * mainParams[weight + b + i] + zChange * mainParams[weight + 3 * b + i];
          double gIn = zForget * mainParams[weight + i] + zOut * mainParams[weight + 2 * b + i];
          if (layer > 0) {
            gHidden[unit - b + i] += gIn;
          } else {
            grad[extraSlot + i] += gIn * sequence[t * b + i];
          }
        }
      }
    }
    return -total / count;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
