package corpus;

import io.javagrad.Differentiable;
import io.javagrad.NoDerivative;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Ranking, recommendation, survival and geostatistics objectives as their Java libraries write
 * them: Bradley-Terry and Elo over tables of matches, Plackett-Luce over orderings, a matrix
 * factorisation loss over observed (user, item) pairs, the Cox partial likelihood with Breslow's
 * ties over times sorted by an index array, a censored Weibull likelihood, ListNet's softmax cross
 * entropy, a variogram model fitted by weighted least squares, and ordinary kriging's weights by a
 * pivoting solve.
 */
public final class Ranking {
  /** Semivariogram models with a nugget, a partial sill and a range. */
  public enum Variogram {
    SPHERICAL, EXPONENTIAL, GAUSSIAN;

    /** The practical range factor: the exponential and Gaussian models reach 95% of the sill at range. */
    private static final double PRACTICAL = 3.0;

    double at(double h, double nugget, double sill, double range) {
      if (h == 0) {
        return 0;
      }
      double r = h / range;
      double structured = switch (this) {
        case SPHERICAL -> r >= 1 ? 1 : 1.5 * r - 0.5 * r * r * r;
        case EXPONENTIAL -> 1 - Math.exp(-PRACTICAL * r);
        case GAUSSIAN -> 1 - Math.exp(-PRACTICAL * r * r);
      };
      return nugget + sill * structured;
    }
  }

  private static final double ELO_SCALE = 400;

  private Ranking() {}

  private static void checkPlayer(int player, int players, int match) {
    if (player < 0 || player >= players) {
      throw new IndexOutOfBoundsException(String.format(Locale.ROOT,
          "match %d names player %d of %d", match, player, players));
    }
  }

  /** log(1 + e^x) without overflow. */
  private static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /**
   * Bradley-Terry log-likelihood of matches {winner, loser} (a third column, when present, marks
   * the winner as home side) given log strengths, with a home advantage.
   */
  @Differentiable
  public static double bradleyTerry(double[] logStrength, double homeAdvantage, int[][] matches) {
    double ll = 0;
    for (int m = 0; m < matches.length; m++) {
      int[] match = matches[m];
      checkPlayer(match[0], logStrength.length, m);
      checkPlayer(match[1], logStrength.length, m);
      double edge = logStrength[match[0]] - logStrength[match[1]];
      if (match.length > 2 && match[2] == 1) {
        edge += homeAdvantage;
      }
      ll -= softplus(-edge);
    }
    return ll;
  }

  /**
   * The log loss of Elo ratings updated game by game: each game is predicted from the ratings
   * before it, then both ratings move by k times the surprise.
   */
  @Differentiable
  public static double eloLogLoss(double[] initialRatings, double k, int[][] games, @NoDerivative double[] scores) {
    if (games.length != scores.length) {
      throw new IllegalArgumentException(games.length + " games but " + scores.length + " scores");
    }
    double[] ratings = initialRatings.clone();
    double loss = 0;
    for (int g = 0; g < games.length; g++) {
      int a = games[g][0];
      int b = games[g][1];
      double expected = 1 / (1 + Math.pow(10, (ratings[b] - ratings[a]) / ELO_SCALE));
      loss -= scores[g] * Math.log(expected) + (1 - scores[g]) * Math.log(1 - expected);
      double change = k * (scores[g] - expected);
      ratings[a] += change;
      ratings[b] -= change;
    }
    return loss / games.length;
  }

  /** Plackett-Luce log-likelihood of observed orderings (best first) of items with the given utilities. */
  @Differentiable
  public static double plackettLuce(double[] utility, int[][] orderings) {
    double ll = 0;
    for (int[] order : orderings) {
      boolean[] seen = new boolean[utility.length];
      for (int item : order) {
        if (seen[item]) {
          throw new IllegalArgumentException("ordering " + Arrays.toString(order) + " repeats item " + item);
        }
        seen[item] = true;
      }
      // the denominators: log-sum-exp over the items not yet placed, accumulated from the back
      double tail = Double.NEGATIVE_INFINITY;
      for (int pos = order.length - 1; pos >= 0; pos--) {
        double u = utility[order[pos]];
        double hi = Math.max(tail, u);
        tail = hi + Math.log(Math.exp(tail - hi) + Math.exp(u - hi));
        if (pos < order.length - 1) {
          ll += u - tail;
        }
      }
    }
    return ll;
  }

  /**
   * Matrix factorisation's regularised squared error over the observed (user, item) pairs:
   * sum (r - u_i . v_j)^2 + lambda (|U|^2 + |V|^2).
   */
  @Differentiable
  public static double factorisationLoss(double[][] users, double[][] items, int[][] observed,
      @NoDerivative double[] ratings, double lambda) {
    int rank = users[0].length;
    double loss = 0;
    for (int e = 0; e < observed.length; e++) {
      double[] u = users[observed[e][0]];
      double[] v = items[observed[e][1]];
      if (u.length != rank || v.length != rank) {
        throw new IllegalArgumentException("factor rows must all have length " + rank);
      }
      double predicted = 0;
      for (int f = 0; f < rank; f++) {
        predicted += u[f] * v[f];
      }
      double r = ratings[e] - predicted;
      loss += r * r;
    }
    double norm = 0;
    for (double[] row : users) {
      for (double w : row) {
        norm += w * w;
      }
    }
    for (double[] row : items) {
      for (double w : row) {
        norm += w * w;
      }
    }
    return loss + lambda * norm;
  }

  /**
   * Cox's partial log-likelihood with Breslow's handling of ties: subjects in order of decreasing
   * time, the risk set's sum of exp(x . beta) grown as each time is passed, tied events sharing it.
   */
  @Differentiable
  public static double coxPartialLogLikelihood(double[] beta, @NoDerivative double[][] covariates,
      @NoDerivative double[] times, boolean[] events) {
    int n = times.length;
    if (covariates.length != n || events.length != n) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%d times, %d covariate rows, %d event flags", n, covariates.length, events.length));
    }
    int[] order = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> times[i]).reversed())
        .mapToInt(Integer::intValue)
        .toArray();
    double[] eta = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < beta.length; j++) {
        eta[i] += covariates[i][j] * beta[j];
      }
    }
    double riskSum = 0;
    double ll = 0;
    int i = 0;
    while (i < n) {
      double t = times[order[i]];
      int end = i;
      while (end < n && times[order[end]] == t) {
        riskSum += Math.exp(eta[order[end]]);
        end++;
      }
      for (int k = i; k < end; k++) {
        if (events[order[k]]) {
          ll += eta[order[k]] - Math.log(riskSum);
        }
      }
      i = end;
    }
    return ll;
  }

  /** Weibull log-likelihood with right censoring, shape and scale given as logs. */
  @Differentiable
  public static double weibullLogLikelihood(double logShape, double logScale, @NoDerivative double[] times,
      boolean[] censored) {
    double k = Math.exp(logShape);
    double lambda = Math.exp(logScale);
    double ll = 0;
    for (int i = 0; i < times.length; i++) {
      if (!(times[i] > 0)) {
        throw new IllegalArgumentException("time " + i + " is not positive: " + times[i]);
      }
      double z = Math.pow(times[i] / lambda, k);
      ll -= z; // the log survival, which every subject contributes
      if (!censored[i]) {
        ll += logShape - logScale + (k - 1) * Math.log(times[i] / lambda);
      }
    }
    return ll;
  }

  /** ListNet's top-one loss: the cross entropy between the softmax of relevance and that of the scores. */
  @Differentiable
  public static double listNetLoss(double[] scores, @NoDerivative double[] relevance) {
    double maxScore = Arrays.stream(scores).max().orElseThrow();
    double maxRelevance = Arrays.stream(relevance).max().orElseThrow();
    double scoreNorm = 0;
    double relevanceNorm = 0;
    for (int i = 0; i < scores.length; i++) {
      scoreNorm += Math.exp(scores[i] - maxScore);
      relevanceNorm += Math.exp(relevance[i] - maxRelevance);
    }
    double logScoreNorm = maxScore + Math.log(scoreNorm);
    double loss = 0;
    for (int i = 0; i < scores.length; i++) {
      double target = Math.exp(relevance[i] - maxRelevance) / relevanceNorm;
      loss -= target * (scores[i] - logScoreNorm);
    }
    return loss;
  }

  /**
   * Weighted least squares of a variogram model against an empirical variogram, Cressie's weights
   * (pairs per lag over the model's square) as gstat uses them.
   */
  @Differentiable
  public static double variogramFit(Variogram model, double nugget, double sill, double range,
      @NoDerivative double[] lags, @NoDerivative double[] semivariance, int[] pairs) {
    if (!(range > 0)) {
      throw new IllegalArgumentException("range must be positive: " + range);
    }
    if (nugget < 0 || sill < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "nugget %.3f and sill %.3f must not be negative", nugget, sill));
    }
    double loss = 0;
    for (int i = 0; i < lags.length; i++) {
      double gamma = model.at(lags[i], nugget, sill, range);
      double r = semivariance[i] / gamma - 1;
      loss += pairs[i] * r * r;
    }
    return loss;
  }

  /**
   * Ordinary kriging's weights for predicting at (x0, y0) from the sites: the solution of the
   * variogram system bordered by the unbiasedness constraint, solved with partial pivoting.
   */
  @Differentiable
  public static double[] krigingWeights(Variogram model, double nugget, double sill, double range,
      @NoDerivative double[][] sites, double x0, double y0) {
    int n = sites.length;
    double[][] a = new double[n + 1][n + 2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double h = Math.hypot(sites[i][0] - sites[j][0], sites[i][1] - sites[j][1]);
        a[i][j] = model.at(h, nugget, sill, range);
      }
      a[i][n] = 1;
      a[n][i] = 1;
      a[i][n + 1] = model.at(Math.hypot(sites[i][0] - x0, sites[i][1] - y0), nugget, sill, range);
    }
    a[n][n + 1] = 1;
    for (int col = 0; col <= n; col++) {
      int pivot = col;
      for (int r = col + 1; r <= n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int r = col + 1; r <= n; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c <= n + 1; c++) {
          a[r][c] -= f * a[col][c];
        }
      }
    }
    double[] solution = new double[n + 1];
    for (int r = n; r >= 0; r--) {
      double s = a[r][n + 1];
      for (int c = r + 1; c <= n; c++) {
        s -= a[r][c] * solution[c];
      }
      solution[r] = s / a[r][r];
    }
    return Arrays.copyOf(solution, n);
  }

  /** The kriging estimate at (x0, y0): the weights times the values at the sites. */
  @Differentiable
  public static double krigingEstimate(double nugget, double sill, double range, @NoDerivative double[][] sites,
      double[] values, double x0, double y0) {
    double[] w = krigingWeights(Variogram.SPHERICAL, nugget, sill, range, sites, x0, y0);
    double estimate = 0;
    for (int i = 0; i < w.length; i++) {
      estimate += w[i] * values[i];
    }
    return estimate;
  }

  /**
   * The ordered weighted average of scores: the largest score gets the first weight, the next
   * the second, and so on (the scores ranked by an index array sorted on them).
   */
  @Differentiable
  public static double orderedWeightedAverage(double[] scores, @NoDerivative double[] weights) {
    if (scores.length != weights.length) {
      throw new IllegalArgumentException(scores.length + " scores but " + weights.length + " weights");
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double total = 0;
    for (int rank = 0; rank < order.length; rank++) {
      total += weights[rank] * scores[order[rank]];
    }
    return total;
  }

  /** The softmax margin of the best score over the log-sum-exp of the others. */
  @Differentiable
  public static double bestMargin(double[] scores) {
    double best = Arrays.stream(scores).max().orElseThrow(() -> new IllegalArgumentException("no scores"));
    double others = 0;
    for (double s : scores) {
      others += Math.exp(s - best);
    }
    return best - (best + Math.log(others));
  }

  /**
   * A relevance-weighted, position-discounted sum of scores over the ranking the scores make (DCG
   * with each gain scaled by its score), the ranking by a boxed stream sorted on the scores.
   */
  @Differentiable
  public static double scoreWeightedDcg(double[] scores, @NoDerivative double[] relevance) {
    int[] ranking = IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
        .mapToInt(Integer::intValue)
        .toArray();
    double dcg = 0;
    for (int position = 0; position < ranking.length; position++) {
      int doc = ranking[position];
      dcg += relevance[doc] * scores[doc] / (Math.log(position + 2) / Math.log(2));
    }
    return dcg;
  }

  /** Elo log loss with players looked up by name. */
  @Differentiable
  public static double eloByName(double[] ratings, Map<String, Integer> players, List<String[]> games, double k) {
    double[] r = ratings.clone();
    double loss = 0;
    for (String[] game : games) {
      Integer a = players.get(game[0]);
      Integer b = players.get(game[1]);
      if (a == null || b == null) {
        throw new IllegalArgumentException("unknown player in " + String.join(" vs ", game));
      }
      double expected = 1 / (1 + Math.pow(10, (r[b] - r[a]) / 400));
      loss -= Math.log(expected);
      r[a] += k * (1 - expected);
      r[b] -= k * (1 - expected);
    }
    return loss;
  }

  /** Gompertz-Makeham log-likelihood of ages at death, right censored; the two small rates given as logs. */
  @Differentiable
  public static double gompertzMakeham(double logMakeham, double logA, double b, @NoDerivative double[] ages,
      boolean[] censored) {
    double makeham = Math.exp(logMakeham);
    double a = Math.exp(logA);
    double ll = 0;
    for (int i = 0; i < ages.length; i++) {
      double x = ages[i];
      double cumulative = makeham * x + a / b * Math.expm1(b * x);
      ll -= cumulative;
      if (!censored[i]) {
        ll += Math.log(makeham + a * Math.exp(b * x));
      }
    }
    return ll;
  }
}
