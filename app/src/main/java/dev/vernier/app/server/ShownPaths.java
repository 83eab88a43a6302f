package dev.vernier.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the service's own paths are shown over the API: relative to the folder they lie in. A data
 * file is named as a job names it ({@code train.csv}, relative to its data root), a model as {@code
 * artifacts/sha256/...} (relative to the service's {@code --data} folder), so no answer shows the
 * service's absolute paths or its data roots. Each root is matched as configured and by its real
 * path (links resolved), longest first. Thread-safe (immutable).
 */
public final class ShownPaths {
  private final List<String> prefixes;

  /**
   * @param roots the folders whose absolute paths are hidden: the data roots, the service's state
   *     folder and any service root
   */
  public ShownPaths(List<Path> roots) {
    Set<String> p = new LinkedHashSet<>();
    for (Path root : roots) {
      p.add(withSlash(root.toAbsolutePath().normalize().toString()));
      try {
        p.add(withSlash(root.toRealPath().toString()));
      } catch (IOException e) {
        // a root that does not exist (yet) is hidden as configured
      }
    }
    List<String> sorted = new ArrayList<>(p);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.prefixes = List.copyOf(sorted);
  }

  private static String withSlash(String s) {
    return s.endsWith("/") ? s : s + "/";
  }

  /** {@code text} with every root's absolute path (and its separator) taken out. */
  public String text(String text) {
    if (text == null || text.indexOf('/') < 0) {
      return text;
    }
    String out = text;
    for (String p : prefixes) {
      if (out.contains(p)) {
        out = out.replace(p, "");
      }
    }
    // a root named alone (no file under it), e.g. in "must lie under a data root [/srv/data]"
    for (String p : prefixes) {
      String bare = p.substring(0, p.length() - 1);
      if (!bare.isEmpty() && out.contains(bare)) {
        out =
            out.replaceAll(
                java.util.regex.Pattern.quote(bare) + "(?![\\w.-])",
                java.util.regex.Matcher.quoteReplacement("<root>"));
      }
    }
    return out;
  }

  /** Rewrites every string in {@code node} (values, not field names) in place; returns it. */
  public JsonNode json(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      List<Map.Entry<String, JsonNode>> changed = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          String shown = text(e.getValue().textValue());
          if (!shown.equals(e.getValue().textValue())) {
            changed.add(Map.entry(e.getKey(), TextNode.valueOf(shown)));
          }
        } else {
          json(e.getValue());
        }
      }
      changed.forEach(e -> o.set(e.getKey(), e.getValue()));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isTextual()) {
          a.set(i, TextNode.valueOf(text(v.textValue())));
        } else {
          json(v);
        }
      }
    }
    return node;
  }
}
