package dev.vernier.monitor.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A window's classification quality over the classes present in its labels, beside the baseline's
 * on the same classes: like with like.
 *
 * <p>A window seldom holds every class, and the classes it holds may be easier or harder than the
 * average. Macro-F1 over all classes, or accuracy against the baseline's overall accuracy, then
 * measures the class mix rather than the model (footwear-only Fashion-MNIST traffic: accuracy 0.91,
 * above the model's 0.83, yet "macro-F1 dropped from 0.84 to 0.54"). A change of the class mix is
 * prediction drift's finding; here the comparison holds the mix fixed, as NannyML's and SageMaker
 * Model Monitor's realized performance compare a chunk with the reference:
 *
 * <ul>
 *   <li>the classes compared are those with at least one label in the window and at least one in
 *       the baseline (a class the baseline never saw has no baseline figure: it is {@link
 *       #unmatched()} and left out of both sides);
 *   <li>the window's figures count only its pairs labelled one of those classes;
 *   <li>the baseline's figures come from its confusion rows for the same classes, each row scaled
 *       to the window's count of that class: the confusion a model that performs per class exactly
 *       as on the baseline would be expected to show on this window. A window whose per-class
 *       performance equals the baseline's therefore gets the baseline's figures, whatever its mix.
 * </ul>
 *
 * <p>Accuracy is the share correct over those pairs; macro-F1 the mean F1 over those classes, a
 * prediction of a class outside them counting as a miss of the true class (not as a class of its
 * own with F1 0).
 *
 * @param classes compared, ascending
 * @param unmatched present in the window's labels but never in the baseline's, ascending
 * @param of the model's class count
 * @param count the window's pairs labelled one of {@code classes}
 * @param accuracy the window's, over {@code classes}; NaN when none
 * @param baselineAccuracy the baseline's, over {@code classes} at the window's class mix
 * @param macroF1 the window's, over {@code classes}
 * @param baselineMacroF1 the baseline's, over {@code classes} at the window's class mix
 */
public record MatchedClasses(
    List<Integer> classes,
    List<Integer> unmatched,
    int of,
    long count,
    double accuracy,
    double baselineAccuracy,
    double macroF1,
    double baselineMacroF1) {
  /** Classes named one by one in a description; more are elided. */
  static final int NAMED = 12;

  public MatchedClasses {
    classes = List.copyOf(classes);
    unmatched = List.copyOf(unmatched);
  }

  /** Compares {@code window} with {@code baseline} on the classes present in both. */
  public static MatchedClasses of(ClassificationQuality baseline, ClassificationQuality window) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(window, "window");
    if (baseline.classes() != window.classes()) {
      throw new IllegalArgumentException(
          "cannot compare a window of "
              + window.classes()
              + " classes with a baseline of "
              + baseline.classes());
    }
    int n = window.classes();
    List<Integer> matched = new ArrayList<>();
    List<Integer> unmatched = new ArrayList<>();
    for (int k : window.present()) {
      (baseline.support(k) > 0 ? matched : unmatched).add(k);
    }
    int[] s = matched.stream().mapToInt(Integer::intValue).toArray();
    long[][] b = baseline.confusion();
    double[][] expected = new double[n][];
    long count = 0;
    for (int k : s) {
      long seen = window.support(k);
      double scale = (double) seen / baseline.support(k);
      expected[k] = new double[n];
      for (int j = 0; j < n; j++) {
        expected[k][j] = b[k][j] * scale;
      }
      count += seen;
    }
    return new MatchedClasses(
        matched,
        unmatched,
        n,
        count,
        window.accuracy(s),
        ClassificationQuality.accuracy(expected, s),
        window.macroF1(s),
        ClassificationQuality.macroF1(expected, s));
  }

  /**
   * What was compared, for a message: "over classes {5, 7, 9} present in the window", or "over all
   * 10 classes" when every class is.
   */
  public String describe() {
    if (classes.size() == of) {
      return "over all " + of + " classes";
    }
    return "over "
        + (classes.size() == 1 ? "class " : "classes ")
        + name(classes)
        + " present in the window"
        + (unmatched.isEmpty()
            ? ""
            : " (" + name(unmatched) + " also present, never labelled in the baseline)");
  }

  private static String name(List<Integer> ks) {
    String shown =
        ks.stream().limit(NAMED).map(String::valueOf).collect(Collectors.joining(", ", "{", ""));
    return ks.size() <= NAMED ? shown + "}" : shown + ", ... " + ks.size() + " classes}";
  }
}
