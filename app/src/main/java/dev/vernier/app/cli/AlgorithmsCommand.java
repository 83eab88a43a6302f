package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.tuner.sagemaker.BuiltInHyperparameters;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Algorithms;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vernier algorithms [NAME]}: the catalog. */
@Command(
    name = "algorithms",
    mixinStandardHelpOptions = true,
    description = "Lists the built-in algorithms, their hyperparameters and metrics.")
public final class AlgorithmsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", description = "Show only this algorithm.")
  String name;

  @Option(
      names = "--sagemaker",
      description =
          "Also show what each hyperparameter SageMaker documents for the algorithm does here.")
  boolean sagemaker;

  @Mixin OutputFormat output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Collection<Algorithm> algs =
        name == null ? Algorithms.all().values() : List.of(Algorithms.get("NAME", name));
    if (output.json()) {
      out.println(json(algs).toPrettyString());
      out.flush();
      return 0;
    }
    for (Algorithm a : algs) {
      AlgorithmSpec s = a.spec();
      out.println(s.name() + ": " + s.description());
      out.println("  hyperparameters:");
      for (HyperparameterSpec h : s.hyperparameters()) {
        out.printf(
            "    %-16s %-44s %s%n",
            h.name(),
            h.range().describe(),
            h.required() ? "required" : "default " + h.defaultValue());
      }
      out.println("  metrics:");
      for (MetricSpec m : s.metrics()) {
        out.printf(
            "    %-26s %s%n", m.name(), m.direction().name().toLowerCase(java.util.Locale.ROOT));
      }
      List<BuiltInHyperparameters.Rule> table = BuiltInHyperparameters.table(s.name());
      if (sagemaker && !table.isEmpty()) {
        out.println("  SageMaker hyperparameters (format=sagemaker):");
        for (BuiltInHyperparameters.Rule r : table) {
          out.printf("    %-28s %s%n", r.name(), r.describe());
        }
      }
    }
    return 0;
  }

  /** {@code {"algorithms": [{name, description, hyperparameters: [...], metrics: [...]}]}}. */
  static ObjectNode json(Collection<Algorithm> algs) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode list = root.putArray("algorithms");
    for (Algorithm a : algs) {
      AlgorithmSpec s = a.spec();
      ObjectNode o = list.addObject().put("name", s.name()).put("description", s.description());
      ArrayNode hs = o.putArray("hyperparameters");
      for (HyperparameterSpec h : s.hyperparameters()) {
        ObjectNode n =
            hs.addObject()
                .put("name", h.name())
                .put("range", h.range().describe())
                .put("required", h.required())
                .put("tunable", h.tunable())
                .put("description", h.description());
        if (h.defaultValue() == null) {
          n.putNull("default");
        } else {
          n.set("default", new ObjectMapper().valueToTree(h.defaultValue()));
        }
      }
      ArrayNode ms = o.putArray("metrics");
      for (MetricSpec m : s.metrics()) {
        ms.addObject()
            .put("name", m.name())
            .put("direction", m.direction().name().toLowerCase(java.util.Locale.ROOT))
            .put("description", m.description());
      }
    }
    return root;
  }
}
