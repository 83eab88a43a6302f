package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code HyperParameterTuningJobConfig.ParameterRanges} as the job's parameter ranges: continuous,
 * integer and categorical ranges by name, their bounds (strings in SageMaker's API) as numbers,
 * their {@code ScalingType} passed on for the job parser to check.
 */
final class ParameterRanges {
  private static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;

  /** An integer range bound: digits with an optional minus sign. */
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  /** A continuous range bound: a plain decimal number, optionally with an exponent. */
  private static final Pattern DECIMAL =
      Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private static final List<String[]> RANGE_TYPES =
      List.of(
          new String[] {"ContinuousParameterRanges", "continuous"},
          new String[] {"IntegerParameterRanges", "integer"},
          new String[] {"CategoricalParameterRanges", "categorical"});

  private ParameterRanges() {}

  /**
   * Reads {@code cfg}'s {@code ParameterRanges} (at {@code c}) into {@code job.parameterRanges}.
   */
  static void read(RequestReader r, JsonNode cfg, String c, ObjectNode job) {
    String pr = c + ".ParameterRanges";
    JsonNode ranges = r.member(cfg, c, "ParameterRanges", RequestReader.Kind.OBJECT, true);
    ObjectNode out = job.putObject("parameterRanges");
    r.origins.put("$.parameterRanges", pr);
    for (String[] kind : RANGE_TYPES) {
      JsonNode list = r.member(ranges, pr, kind[0], RequestReader.Kind.ARRAY, false);
      if (list == null) {
        continue;
      }
      for (int i = 0; i < list.size(); i++) {
        String p = pr + "." + kind[0] + "[" + i + "]";
        JsonNode range = r.item(list, i, p, RequestReader.Kind.OBJECT);
        String name = r.text(range, p, "Name", true);
        ObjectNode o = JSON.createObjectNode().put("type", kind[1]);
        if (kind[1].equals("categorical")) {
          JsonNode values = r.member(range, p, "Values", RequestReader.Kind.ARRAY, true);
          r.used.add("$." + p + ".Values");
          ArrayNode v = o.putArray("values");
          for (int j = 0; values != null && j < values.size(); j++) {
            JsonNode x = r.item(values, j, p + ".Values[" + j + "]", RequestReader.Kind.STRING);
            if (x != null) {
              v.add(x);
            }
          }
        } else {
          boolean integer = kind[1].equals("integer");
          o.set("min", number(r, range, p, "MinValue", integer));
          o.set("max", number(r, range, p, "MaxValue", integer));
          String scaling = r.text(range, p, "ScalingType", false);
          if (scaling != null) {
            o.put("scaling", scaling);
          }
        }
        if (name == null) {
          continue;
        }
        if (out.has(name)) {
          r.errors.add(p + ".Name", "names a parameter that already has a range", name);
          continue;
        }
        out.set(name, o);
        String v = "$.parameterRanges." + name;
        r.origins.put(v, p);
        r.origins.put(v + ".type", p);
        r.origins.put(v + ".min", p + ".MinValue");
        r.origins.put(v + ".max", p + ".MaxValue");
        r.origins.put(v + ".scaling", p + ".ScalingType");
        r.origins.put(v + ".values", p + ".Values");
      }
    }
  }

  /**
   * SageMaker writes range bounds as strings; Vernier wants numbers. A bound is a plain decimal
   * number, optionally with an exponent ({@code 0.001}, {@code -2}, {@code 1e-4}), as SageMaker
   * reads it: no Java suffixes ({@code 1d}), hexadecimal or surrounding spaces. An integer range's
   * bounds are integers ({@code 1e3} is refused there); an integer too large for the range is left
   * to the job parser, which names the limit.
   */
  private static JsonNode number(
      RequestReader reader, JsonNode range, String parent, String name, boolean integer) {
    String s = reader.text(range, parent, name, true);
    if (s == null) {
      return null;
    }
    String field = parent + "." + name;
    if (INTEGER.matcher(s).matches()) {
      java.math.BigInteger v = new java.math.BigInteger(s);
      return v.bitLength() < 64
          ? JSON.getNodeFactory().numberNode(v.longValueExact())
          : JSON.getNodeFactory().numberNode(v);
    }
    if (integer) {
      reader.errors.add(field, "must be a string holding an integer (e.g. \"16\")", s);
      return null;
    }
    if (!DECIMAL.matcher(s).matches()) {
      reader.errors.add(
          field, "must be a string holding a decimal number (e.g. \"0.001\" or \"1e-4\")", s);
      return null;
    }
    double v = Double.parseDouble(s);
    if (!Double.isFinite(v)) {
      reader.errors.add(field, "must be a finite number", s);
      return null;
    }
    return JSON.getNodeFactory().numberNode(v);
  }
}
