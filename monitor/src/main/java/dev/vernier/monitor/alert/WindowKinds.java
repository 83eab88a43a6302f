package dev.vernier.monitor.alert;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The kinds a closed window's result lists, as the alert rule reads them: what it violated, which
 * kinds were in an incident there, and which raised an alert. Sets keep the stored order.
 */
public record WindowKinds(
    Set<ViolationKind> violations, Set<ViolationKind> incidents, Set<ViolationKind> alerts) {
  public WindowKinds {
    violations = Collections.unmodifiableSet(new LinkedHashSet<>(violations));
    incidents = Collections.unmodifiableSet(new LinkedHashSet<>(incidents));
    alerts = Collections.unmodifiableSet(new LinkedHashSet<>(alerts));
  }

  /** A window that listed nothing (a result without these arrays). */
  public static final WindowKinds NONE =
      new WindowKinds(
          EnumSet.noneOf(ViolationKind.class),
          EnumSet.noneOf(ViolationKind.class),
          EnumSet.noneOf(ViolationKind.class));
}
