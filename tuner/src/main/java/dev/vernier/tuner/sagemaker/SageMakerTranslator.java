package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.platform.error.AlreadyExistsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Translates SageMaker's {@code CreateHyperParameterTuningJob} request into a Vernier job (JSON in
 * Vernier's submission format, validated afterwards like any job) and lists every field it did not
 * use, so users can bring their existing configurations and see what Vernier ignores.
 *
 * <p>S3 input URIs map to files under the first data root: {@code s3://bucket/key} becomes {@code
 * <root>/bucket/key}; a prefix that names a folder ({@code s3://bucket/fmnist/train/}) is read as
 * one dataset of the files in it, as SageMaker's File mode does. Manifest channels ({@code
 * ManifestFile}, {@code AugmentedManifestFile}) are refused. The algorithm comes from {@code
 * AlgorithmSpecification.AlgorithmName} or the name of the {@code TrainingImage} ({@code
 * .../linear-learner:1} is {@code linear-learner}); a name that is not built in must be a
 * registered command.
 *
 * <p>Errors: every field the translation reads is type-checked as SageMaker's API types it (an
 * object, an array, a string, an integer, a number; range bounds are strings holding numbers), and
 * all errors of a request are reported at once, each naming the field as SageMaker writes it
 * ({@code HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MinValue}).
 * Errors that Vernier's job parser finds afterwards are renamed the same way with {@link
 * Translation#inRequestTerms}. Ignored fields are listed as JSON paths ({@code
 * $.TrainingJobDefinition.RoleArn}).
 */
public final class SageMakerTranslator {
  /**
   * The Vernier job, the SageMaker fields (as JSON paths) that were ignored, and for each JSON path
   * of the job the SageMaker field it came from.
   */
  public record Translation(ObjectNode job, List<String> ignored, Map<String, String> origins) {
    /**
     * {@code e} (an error in the translated job, e.g. {@code $.limits.maxTrials}) with each field
     * renamed to the request's field it came from ({@code
     * HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs}): the nearest mapped
     * ancestor of the field. A taken name ({@link AlreadyExistsException}, a 409) keeps its type,
     * renamed to {@code HyperParameterTuningJobName}; other exceptions of a more specific type are
     * returned as they are.
     */
    public InvalidInputException inRequestTerms(InvalidInputException e) {
      if (e instanceof AlreadyExistsException && e.errors().size() == 1) {
        InvalidInputException.Error x = e.errors().get(0);
        String f = origin(x.field());
        return f.equals(x.field()) ? e : new AlreadyExistsException(f, x.value());
      }
      if (e.getClass() != InvalidInputException.class) {
        return e;
      }
      List<InvalidInputException.Error> out = new ArrayList<>();
      boolean changed = false;
      for (InvalidInputException.Error x : e.errors()) {
        String f = origin(x.field());
        changed |= !f.equals(x.field());
        out.add(x.withField(f));
      }
      if (!changed) {
        return e;
      }
      if (out.size() == 1) {
        InvalidInputException.Error x = out.get(0);
        return new InvalidInputException(x, e);
      }
      return new InvalidInputException(out);
    }

    private String origin(String field) {
      for (String f = field; f != null; f = parent(f)) {
        String o = origins.get(f);
        if (o != null) {
          return o;
        }
      }
      return field;
    }

    private static String parent(String path) {
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      return cut <= 1 ? null : path.substring(0, cut);
    }
  }

  private final AlgorithmCatalog catalog;
  private final Collection<String> commands;

  public SageMakerTranslator(AlgorithmCatalog catalog, Collection<String> commands) {
    this.catalog = catalog;
    this.commands = commands;
  }

  /**
   * Translates a request.
   *
   * @throws InvalidInputException listing every error of the request
   */
  public Translation translate(JsonNode req) {
    if (req == null || !req.isObject()) {
      throw new InvalidInputException(
          "$", "a CreateHyperParameterTuningJob request is a JSON object", null);
    }
    JobTranslation run = new JobTranslation(catalog, commands);
    ObjectNode job = run.job(req);
    run.errors.throwIfAny();
    List<String> ignored = new ArrayList<>(run.ignoredWithReason);
    if (job.has("algorithm")) {
      // SageMaker's hyperparameter names for its built-ins: taken, renamed, or ignored with why
      try {
        new BuiltInHyperparameters(catalog.find(job.get("algorithm").asText()).orElseThrow())
            .apply(req, job, run.used, ignored);
      } catch (InvalidInputException e) { // errors name fields SageMaker's way, without "$."
        throw new InvalidInputException(
            e.errors().stream()
                .map(
                    x ->
                        x.withField(
                            x.field().startsWith("$.") ? x.field().substring(2) : x.field()))
                .toList());
      }
    }
    run.hyperbandResources(req, job);
    run.errors.throwIfAny();
    RequestReader.leaves(req, "$", run.used, ignored);
    return new Translation(job, ignored, Map.copyOf(run.origins));
  }
}
