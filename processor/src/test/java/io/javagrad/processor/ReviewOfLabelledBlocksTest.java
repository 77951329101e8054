package io.javagrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review of labelled blocks and labelled statements other than loops: nested blocks and loops
 * mixing labelled and unlabelled jumps, returns inside, blocks in helpers, in switch arms, in
 * switch expressions, in do/while, shadowing, and as a method's last statement.
 */
class ReviewOfLabelledBlocksTest {
  private static final String SOURCE = """
      package p;

      import io.javagrad.Differentiable;

      public class Blocks {
        /** continue outer from a block inside an inner loop, break of the block, and unlabelled break. */
        @Differentiable static double continueOuter(double[] x, double t) {
          double s = 0;
          outer:
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
              blk: {
                if (x[i] * j > 2 * t) {
                  continue outer;
                }
                if (x[i] < 0) {
                  break blk;
                }
                if (j == 2 && x[i] > 1) {
                  break;
                }
                s += x[i] * t * (j + 1);
              }
              s += 0.25 * x[i];
            }
            s += t;
          }
          return s;
        }

        /** A block whose break leaves the loop around its loop. */
        @Differentiable static double blockAroundLoops(double[] x, double t) {
          double s = t;
          found: {
            outer:
            for (int i = 0; i < x.length; i++) {
              for (int j = 0; j < x.length; j++) {
                if (j == i) {
                  continue outer;
                }
                if (x[i] * x[j] > t) {
                  s = x[i] * x[j] * s;
                  break found;
                }
                s += x[j];
              }
            }
            s = s * s;
          }
          return s;
        }

        /** Returns inside a block inside a loop. */
        @Differentiable static double returnsInLoop(double[] x, double t) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            blk: {
              if (x[i] > 3) {
                return s * t + x[i];
              }
              if (x[i] < 0) {
                break blk;
              }
              s += Math.exp(x[i] * t);
            }
          }
          return s;
        }

        private static double clip(double x, double t) {
          double y = x;
          done: {
            if (x > t) {
              y = t + Math.log1p(x - t);
              break done;
            }
            if (x < -t) {
              y = -t;
              break done;
            }
            y = x * x / (2 * t) + t / 2;
          }
          return y;
        }

        /** A helper with a block, in a loop. */
        @Differentiable static double clipped(double[] x, double t) {
          double s = 0;
          for (double v : x) {
            s += clip(v, t) * v;
          }
          return s;
        }

        /** A void helper writing an array, whose last statement is a labelled block. */
        private static void fill(double[] out, double x) {
          out[0] = x;
          b: {
            if (x < 0) {
              break b;
            }
            out[0] = x * x;
            out[1] = Math.sin(x);
          }
        }

        @Differentiable static double fills(double x) {
          double[] out = new double[2];
          fill(out, x);
          return out[0] + out[1] * x;
        }

        /** Blocks declaring variables; the same names are declared after them, with other types. */
        @Differentiable static double shadows(double x) {
          double r = x;
          a: {
            double t = x * 2;
            if (t > 1) {
              break a;
            }
            r = t * t;
          }
          int t = 3;
          a: {
            double u = r * t;
            if (u > 5) {
              r = u;
              break a;
            }
            r += u;
          }
          double u = r * x;
          return u + t;
        }

        /** A block in a do/while, with continue (to the condition). */
        @Differentiable static double inDoWhile(double x) {
          double y = x;
          int n = 0;
          do {
            n++;
            b: {
              if (y > 2) {
                y = y * 0.5;
                break b;
              }
              if (n % 2 == 0) {
                continue;
              }
              y = y * y + 0.1;
            }
            y += 0.01 * x;
          } while (n < 6);
          return y;
        }

        /** A labelled if with an else, both left by the break. */
        @Differentiable static double labelledIfElse(double x) {
          double y = 1;
          b:
          if (x > 0) {
            y = x * x;
            if (y > 4) {
              break b;
            }
            y += x;
          } else {
            y = Math.exp(x);
            if (y < 0.5) {
              break b;
            }
            y -= x;
          }
          return y * x;
        }

        /** A block in a switch statement's arm, and a break of an enclosing block from an arm. */
        @Differentiable static double inSwitch(double x, int k) {
          double y = x;
          out: {
            switch (k) {
              case 0:
                b: {
                  if (x > 1) {
                    break b;
                  }
                  y = x * x;
                }
                y += 1;
                break;
              case 1:
                if (x > 0) {
                  break out;
                }
                y = -x;
                break;
              default:
                y = Math.sin(x);
            }
            y *= 3;
          }
          return y;
        }

        /** A block in a switch expression's arm, with yield after it. */
        @Differentiable static double inSwitchExpression(double x, int k) {
          double v = switch (k) {
            case 0 -> {
              double y = x;
              b: {
                if (x > 1) {
                  break b;
                }
                y = x * x * x;
              }
              yield y + x;
            }
            default -> x;
          };
          return v * x;
        }

        /** A labelled switch statement left by its label. */
        @Differentiable static double labelledSwitch(double x, int k) {
          double y = x;
          sw:
          switch (k) {
            case 0:
              if (x > 1) {
                break sw;
              }
              y = x * x;
              break;
            default:
              y = -x;
          }
          return y * x;
        }

        /** A block whose code carries no derivative, run as written. */
        @Differentiable static double inactiveBlock(double[] x, double t) {
          int idx;
          find: {
            for (int i = 0; i < x.length; i++) {
              if (x[i] > 1) {
                idx = i;
                break find;
              }
            }
            idx = x.length - 1;
          }
          return x[idx] * t;
        }

        /** A label with the name of a variable, and the same label in sibling loops and blocks. */
        @Differentiable static double sameNames(double x) {
          double found = x;
          found: {
            if (x > 1) {
              break found;
            }
            found = x * 2;
          }
          found:
          for (int i = 0; i < 3; i++) {
            if (found > 10) {
              break found;
            }
            found = found * x;
          }
          return found;
        }
        /** An unlabelled break of the switch inside a labelled block inside a case, in a loop: it leaves the switch. */
        @Differentiable static double switchBreakInBlock(double x, int k) {
          double y = x;
          for (int i = 0; i < 3; i++) {
            switch (k) {
              case 0:
                b: {
                  if (y > 1) {
                    break;
                  }
                  y = y * 2;
                }
                y += 0.5;
                break;
              default:
                y = y * x;
            }
            y += x;
          }
          return y;
        }

        /** The same in a block of the arrow form, through two labelled blocks. */
        @Differentiable static double arrowSwitchBreakInBlock(double x, int k) {
          double y = x;
          for (int i = 0; i < 3; i++) {
            switch (k) {
              case 0 -> {
                b: {
                  c: {
                    if (y > 1) {
                      break;
                    }
                    if (y < 0.5) {
                      break c;
                    }
                    y = y * 2;
                  }
                  if (y < 0.2) {
                    break b;
                  }
                  y = y + 0.1;
                }
                y += 0.5;
              }
              default -> y = y * x;
            }
            y += x;
          }
          return y;
        }

        /** A break in a block of the arrow form, without labels, in a loop: it leaves the switch. */
        @Differentiable static double arrowBreak(double x, int k) {
          double y = x;
          for (int i = 0; i < 3; i++) {
            switch (k) {
              case 0 -> {
                if (y > 1) {
                  break;
                }
                y = y * 2;
              }
              default -> y = y * x;
            }
            y += x;
          }
          return y;
        }

        /** Yields inside a labelled block of a switch expression's arm, and after it. */
        @Differentiable static double yieldInBlock(double x, int k) {
          double v = switch (k) {
            case 0 -> {
              b: {
                if (x > 1) {
                  yield x * x;
                }
                if (x < 0) {
                  break b;
                }
                yield Math.sin(x);
              }
              yield -x;
            }
            default -> x;
          };
          return v * x;
        }

        /** A labelled block in a lambda, which runs as written. */
        @Differentiable static double lambdaWithBlock(double x) {
          java.util.function.DoubleUnaryOperator f = t -> {
            b: {
              if (t > 1) {
                break b;
              }
              t = t * 2;
            }
            return t;
          };
          return x * x + f.applyAsDouble(2.0);
        }
        /** A labelled if holding a labelled block whose break leaves the if; a labelled expression statement and an empty one. */
        @Differentiable static double labelsOnLabels(double x) {
          double y = x;
          a:
          if (x > 0) {
            b: {
              if (x > 2) {
                break a;
              }
              if (x > 1) {
                break b;
              }
              y = y * x;
            }
            y += Math.sqrt(x);
          } else b: {
            if (x < -1) {
              break b;
            }
            y = -y * x;
          }
          c: y = y * 1.5;
          d: ;
          return y;
        }

        /** A block in a recursive helper, in a loop. */
        private static double halve(double x, int n) {
          double r;
          done: {
            if (n == 0) {
              r = x;
              break done;
            }
            if (x > 10) {
              r = Math.log(x);
              break done;
            }
            r = halve(x * 1.5, n - 1) * 0.5;
          }
          return r;
        }

        @Differentiable static double recursiveHelperWithBlock(double[] x) {
          double s = 0;
          for (double v : x) {
            s += halve(v, 4);
          }
          return s;
        }

        /** A block in a while loop with continue, whose loop variable the block changes. */
        @Differentiable static double inWhile(double x) {
          double y = x;
          int i = 0;
          while (i < 5) {
            i++;
            b: {
              if (i == 2) {
                continue;
              }
              if (y > 3) {
                break b;
              }
              y = y * 1.3 + x;
            }
            if (y > 20) {
              break;
            }
          }
          return y;
        }
        /** A block writing into a parameter array, in a loop. */
        @Differentiable static double writesParameter(double[] x, double t) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            b: {
              if (x[i] < 0) {
                break b;
              }
              x[i] = x[i] * t;
              if (x[i] > 2) {
                x[i] = Math.log(x[i]);
                break b;
              }
              x[i] += t;
            }
            s += x[i] * x[i];
          }
          return s;
        }

        /** A vector-valued helper with a block, summed by its caller. */
        private static double[] split(double x, double t) {
          double[] out = new double[2];
          b: {
            if (x > t) {
              out[0] = x - t;
              break b;
            }
            out[1] = t - x;
          }
          out[1] += x * t;
          return out;
        }

        @Differentiable static double ofASplit(double x, double t) {
          double[] v = split(x, t);
          return v[0] * 2 + v[1] * v[1];
        }
        /** A break of the switch in a plain block of a case, and in an else, in a loop. */
        @Differentiable static double switchBreakInPlainBlock(double x, int k) {
          double y = x;
          for (int i = 0; i < 3; i++) {
            switch (k) {
              case 0:
                {
                  if (y > 1) {
                    break;
                  }
                  y = y * 2;
                }
                y += 0.5;
                break;
              case 1:
                if (y < 1) {
                  y = y * 3;
                } else {
                  y = y + 1;
                  break;
                }
                y += 0.25;
                break;
              default:
                y = y * x;
            }
            y += x;
          }
          return y;
        }
        /** A labelled block inside a try that runs as written, and one in a helper without derivatives. */
        @Differentiable static double inTry(double x, int[] idx) {
          int found = -1;
          try {
            s: {
              for (int i = 0; i < idx.length; i++) {
                if (idx[i] > 2) {
                  found = i;
                  break s;
                }
              }
              found = idx.length;
            }
          } catch (RuntimeException e) {
            found = -2;
          }
          return x * found + x * x * firstOver(idx, 1);
        }

        private static int firstOver(int[] idx, int t) {
          int at;
          s: {
            for (int i = 0; i < idx.length; i++) {
              if (idx[i] > t) {
                at = i;
                break s;
              }
            }
            at = -1;
          }
          return at;
        }
        /** A case that falls through into the next unless a break in its labelled block left the switch. */
        @SuppressWarnings("fallthrough")
        @Differentiable static double fallsThroughUnlessBroken(double x, int k) {
          double y = x;
          for (int i = 0; i < 3; i++) {
            switch (k) {
              case 0:
                b: {
                  if (y > 1) {
                    break;
                  }
                  if (y < 0) {
                    break b;
                  }
                  y = y * 2;
                }
                y += 0.5;
              case 1:
                y = y * 1.5 + x;
                break;
              default:
                y = y * x;
            }
            y += x;
          }
          return y;
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.compile("p.Blocks", SOURCE).assertCleanSuccess();
  }

  private static GradientAgreement agreement(String method) {
    return new GradientAgreement(compiled, "p.Blocks", method);
  }

  @Test
  void continueOuterFromABlockInAnInnerLoop() {
    agreement("continueOuter").check(new double[] {0.5, -0.7, 1.5, 3.0, 0.2}, 1.1);
    agreement("continueOuter").check(new double[] {0.5, 1.3, 0.2}, 5.0);
  }

  @Test
  void aBlocksBreakLeavesTheLoopsInside() {
    agreement("blockAroundLoops").check(new double[] {0.5, 0.7, 1.5, 3.0}, 1.1);
    agreement("blockAroundLoops").check(new double[] {0.5, 0.7, 0.2}, 5.0);
  }

  @Test
  void returnsInsideABlockInsideALoop() {
    agreement("returnsInLoop").check(new double[] {0.5, -0.7, 1.5, 3.5, 0.2}, 0.3);
    agreement("returnsInLoop").check(new double[] {0.5, -0.7, 1.5}, 0.3);
  }

  @Test
  void aHelperWithABlock() {
    agreement("clipped").check(new double[] {0.5, -2.7, 1.5, 3.5}, 1.2);
  }

  @Test
  void aVoidHelperEndingInABlock() {
    agreement("fills").check(0.7);
    agreement("fills").check(-0.7);
  }

  @Test
  void blocksDeclaringNamesDeclaredAgainAfter() {
    agreement("shadows").check(0.3);
    agreement("shadows").check(0.7);
    agreement("shadows").check(-2.0);
  }

  @Test
  void aBlockInADoWhile() {
    agreement("inDoWhile").check(0.7);
    agreement("inDoWhile").check(1.7);
  }

  @Test
  void aLabelledIfWithAnElse() {
    agreement("labelledIfElse").check(0.5);
    agreement("labelledIfElse").check(3.0);
    agreement("labelledIfElse").check(-0.3);
    agreement("labelledIfElse").check(-2.0);
  }

  @Test
  void blocksAndSwitches() {
    for (int k = 0; k < 3; k++) {
      agreement("inSwitch").check(0.5, k);
      agreement("inSwitch").check(1.5, k);
      agreement("inSwitch").check(-1.5, k);
      agreement("inSwitchExpression").check(0.5, k);
      agreement("inSwitchExpression").check(1.5, k);
      agreement("labelledSwitch").check(0.5, k);
      agreement("labelledSwitch").check(1.5, k);
    }
  }

  @Test
  void aBlockWithoutDerivativesRunsAsWritten() {
    agreement("inactiveBlock").check(new double[] {0.5, 1.7, 2.5}, 0.3);
    agreement("inactiveBlock").check(new double[] {0.5, 0.7}, 0.3);
  }

  @Test
  void labelsNamedAsVariablesAndReused() {
    agreement("sameNames").check(0.5);
    agreement("sameNames").check(1.5);
    agreement("sameNames").check(3.5);
  }

  /** Before the fix these left the loop around the switch: the value differed from the method's. */
  @Test
  void anUnlabelledBreakInACaseLeavesTheSwitchThroughBlocks() {
    for (double x : new double[] {0.1, 0.3, 0.7, 1.5, -0.5}) {
      agreement("switchBreakInBlock").check(x, 0);
      agreement("switchBreakInBlock").check(x, 1);
      agreement("arrowSwitchBreakInBlock").check(x, 0);
      agreement("arrowBreak").check(x, 0);
      agreement("switchBreakInPlainBlock").check(x, 0);
      agreement("switchBreakInPlainBlock").check(x, 1);
      agreement("fallsThroughUnlessBroken").check(x, 0);
      agreement("fallsThroughUnlessBroken").check(x, 1);
    }
  }

  @Test
  void yieldsInsideABlockOfASwitchExpression() {
    for (double x : new double[] {0.3, 1.5, -0.5}) {
      agreement("yieldInBlock").check(x, 0);
      agreement("yieldInBlock").check(x, 1);
    }
  }

  @Test
  void aBlockInALambda() {
    agreement("lambdaWithBlock").check(0.3);
  }

  @Test
  void labelsOnLabelledStatementsAndEmptyOnes() {
    for (double x : new double[] {0.5, 1.5, 2.5, -0.5, -1.5}) {
      agreement("labelsOnLabels").check(x);
    }
  }

  @Test
  void aRecursiveHelperWithABlock() {
    agreement("recursiveHelperWithBlock").check(new double[] {0.5, 3.0, 12.0});
  }

  @Test
  void aBlockInAWhileLoop() {
    agreement("inWhile").check(0.3);
    agreement("inWhile").check(2.5);
    agreement("inWhile").check(6.0);
  }

  @Test
  void aBlockWritingIntoAParameterArray() {
    agreement("writesParameter").check(new double[] {0.5, -1.0, 3.0, 0.1}, 1.2);
  }

  @Test
  void aVectorValuedHelperWithABlock() {
    agreement("ofASplit").check(0.5, 1.2);
    agreement("ofASplit").check(1.5, 1.2);
  }

  @Test
  void blocksRunAsWritten() {
    agreement("inTry").check(0.7, new int[] {1, 3, 5});
    agreement("inTry").check(0.7, new int[] {1, 0});
  }
}
