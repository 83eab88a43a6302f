package dev.vernier.worker.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A training program an administrator allows jobs to run, by name: the executable and fixed
 * arguments. Jobs name it; they cannot change what runs.
 */
public record RegisteredCommand(String name, String executable, List<String> arguments) {
  public RegisteredCommand {
    arguments = List.copyOf(arguments);
  }

  /**
   * Parses {@code name=/path/to/exe arg1 "two words" 'it''s'} (the form of {@code --command} and
   * config) or {@code name=["/path/to/exe", "arg1", "two words"]}. The words after {@code =} are
   * split as a POSIX shell splits them, without expanding anything: whitespace separates words,
   * single quotes keep everything up to the next single quote, double quotes keep everything but
   * {@code \"} and {@code \\}, and a backslash outside quotes keeps the next character. Nothing is
   * run by a shell. A JSON array of strings is taken as it is.
   */
  public static RegisteredCommand parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new InvalidInputException(
          "--command", "must be written name=/path/to/executable [fixed arguments]", text);
    }
    String rest = text.substring(eq + 1).trim();
    List<String> words = rest.startsWith("[") ? jsonWords(rest, text) : shellWords(rest, text);
    if (words.isEmpty() || words.get(0).isEmpty()) {
      throw new InvalidInputException("--command", "must name an executable after '='", text);
    }
    return new RegisteredCommand(
        text.substring(0, eq).trim(), words.get(0), words.subList(1, words.size()));
  }

  private static List<String> jsonWords(String json, String text) {
    JsonNode a;
    try {
      a = Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      a = null;
    }
    List<String> out = new ArrayList<>();
    if (a == null || !a.isArray()) {
      throw new InvalidInputException(
          "--command", "after '=', a JSON list must be an array of strings", text);
    }
    for (JsonNode w : a) {
      if (!w.isTextual()) {
        throw new InvalidInputException(
            "--command", "after '=', a JSON list must hold strings only", text);
      }
      out.add(w.asText());
    }
    return out;
  }

  private static List<String> shellWords(String s, String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        int end = s.indexOf('\'', i + 1);
        if (end < 0) {
          throw unterminated("single", text);
        }
        word.append(s, i + 1, end);
        inWord = true;
        i = end;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < s.length() && s.charAt(j) != '"'; j++) {
          char d = s.charAt(j);
          if (d == '\\'
              && j + 1 < s.length()
              && (s.charAt(j + 1) == '"' || s.charAt(j + 1) == '\\')) {
            d = s.charAt(++j);
          }
          word.append(d);
        }
        if (j >= s.length()) {
          throw unterminated("double", text);
        }
        inWord = true;
        i = j;
      } else if (c == '\\' && i + 1 < s.length()) {
        word.append(s.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }

  private static InvalidInputException unterminated(String kind, String text) {
    return new InvalidInputException(
        "--command", "has a " + kind + " quote that is not closed", text);
  }
}
