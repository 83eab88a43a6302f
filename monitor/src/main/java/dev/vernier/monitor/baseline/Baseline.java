package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * The reference a monitor compares windows with: the schema, one profile per feature, the profile
 * of the model's predictions on the same rows, the data-quality constraints and the provenance.
 * Immutable; built by {@link BaselineBuilder}, stored as JSON by {@link BaselineCodec}.
 *
 * @param profiles one per schema feature, in schema order
 * @param predictionProfile null when built without predictions; for {@link PredictionType#CLASS} a
 *     categorical profile with one count per class, for {@link PredictionType#NUMERIC} a numeric
 *     one
 */
public record Baseline(
    Schema schema,
    List<FeatureProfile> profiles,
    FeatureProfile predictionProfile,
    Constraints constraints,
    BaselineProvenance provenance) {
  public Baseline {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(provenance, "provenance");
    profiles = List.copyOf(profiles);
    if (profiles.size() != schema.size()) {
      throw new InvalidInputException(
          "profiles", "must hold one per schema feature (" + schema.size() + ")", profiles.size());
    }
    for (int i = 0; i < profiles.size(); i++) {
      FeatureProfile p = profiles.get(i);
      FeatureSchema f = schema.feature(i);
      if (!p.name().equals(f.name()) || p.type() != f.type()) {
        throw new InvalidInputException(
            "profiles[" + i + "]", "must describe feature '" + f.name() + "'", p.name());
      }
    }
    if ((predictionProfile == null) != (schema.prediction() == null)) {
      throw new InvalidInputException(
          "predictionProfile",
          "must be present exactly when the schema has a prediction column",
          predictionProfile == null ? "absent" : "present");
    }
    constraints.requireMatches(schema);
  }

  public FeatureProfile profile(int feature) {
    return profiles.get(feature);
  }

  public FeatureProfile profile(String feature) {
    return profiles.get(schema.indexOf(feature));
  }

  /** The same baseline with edited constraints (checked against the schema). */
  public Baseline withConstraints(Constraints c) {
    return new Baseline(schema, profiles, predictionProfile, c, provenance);
  }
}
