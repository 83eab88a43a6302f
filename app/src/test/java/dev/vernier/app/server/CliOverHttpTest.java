package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.fleet.ApiClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code vernier tune} commands against the service over real HTTP: exit codes, standard input,
 * {@code submit --wait} and {@code watch}, and errors named once.
 */
class CliOverHttpTest extends ServerFixture {
  /** As {@link #cli}, with {@code stdin} as standard input. */
  static String[] cliIn(String stdin, String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        dev.vernier.app.cli.VernierCommand.run(
            args,
            new java.io.ByteArrayInputStream(
                stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new PrintStream(out, true),
            new PrintStream(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void exitCodesSayNotFoundNotAuthorisedAndBadInputAndDashIsStandardInput() throws Exception {
    String url = server.url().toString();
    String[] r = cli("tune", "status", "no-such-job", "--server", url, "--token", reader);
    assertEquals("3", r[0], "an unknown job is not found: " + r[1] + r[2]);
    r = cli("monitor", "status", "no-such-monitor", "--server", url, "--token", reader);
    assertEquals("3", r[0], "an unknown monitor is not found: " + r[1] + r[2]);
    r = cli("tune", "list", "--server", url, "--token", "vrn_r_not-a-real-token");
    assertEquals("4", r[0], "a wrong token is not authorised: " + r[1] + r[2]);
    r =
        cliIn(
            TestData.job("stdin-job", "random", 1, 1),
            "tune",
            "submit",
            "-",
            "--server",
            url,
            "--token",
            reader);
    assertEquals("4", r[0], "a reader may not submit: " + r[1] + r[2]);
    r = cliIn("{not json", "tune", "submit", "-", "--server", url, "--token", submitter);
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("standard input") && r[2].contains("not valid JSON"), r[2]);
    r =
        cliIn(
            TestData.job("stdin-job", "random", 1, 1),
            "tune",
            "submit",
            "-",
            "--server",
            url,
            "--token",
            submitter,
            "--output",
            "json");
    assertEquals("0", r[0], r[2]);
    assertEquals("stdin-job", JSON.readTree(r[1]).path("id").asText(), r[1]);
    r = cli("tune", "status", "stdin-job", "--server", url, "--token", reader, "--output", "json");
    assertEquals("0", r[0], r[2]);
    assertEquals(1, JSON.readTree(r[1]).path("trials").path("max").asInt(), r[1]);
    waitForEnd(new ApiClient(url, reader), "stdin-job");
  }

  @Test
  void submitWaitShowsProgressLinesAndExits0WhenTheJobCompletes() throws Exception {
    Path job = dir.resolve("wait-job.json");
    Files.writeString(job, TestData.job("wait-job", "random", 3, 1));
    String url = server.url().toString();
    String[] r =
        cli(
            "tune",
            "submit",
            job.toString(),
            "--wait",
            "--interval",
            "0.2",
            "--server",
            url,
            "--token",
            submitter);
    assertEquals("0", r[0], r[1] + r[2]);
    List<String> lines = r[1].lines().toList();
    assertEquals("submitted wait-job", lines.get(0), r[1]);
    assertFalse(r[1].contains("\033"), "no terminal escapes when stdout is not a terminal");
    // a line per change, each with done/of max and the best so far, the last one COMPLETED
    List<String> progress = lines.subList(1, lines.size() - 1);
    assertTrue(progress.size() >= 2, r[1]);
    assertEquals(progress.size(), progress.stream().distinct().count(), "no repeats: " + r[1]);
    for (String l : progress) {
      assertTrue(
          l.matches(
              "wait-job [A-Z_]+: trials done [0-3]/3 \\([0-3] failed\\), running [01],"
                  + " best validation:objective_loss .*"),
          l);
    }
    assertTrue(
        progress.get(progress.size() - 1).startsWith("wait-job COMPLETED: trials done 3/3"), r[1]);
    assertTrue(progress.get(progress.size() - 1).contains("(trial "), r[1]);
    assertTrue(lines.get(lines.size() - 1).startsWith("wait-job completed: best "), r[1]);

    // watching a job that has ended: one line and the same exit code; or its JSON
    r = cli("tune", "watch", "wait-job", "--server", url, "--token", reader);
    assertEquals("0", r[0], r[1] + r[2]);
    assertEquals(2, r[1].lines().count(), r[1]);
    r = cli("tune", "watch", "wait-job", "--server", url, "--token", reader, "--output", "json");
    assertEquals("0", r[0], r[1] + r[2]);
    assertEquals("COMPLETED", JSON.readTree(r[1]).path("state").asText(), r[1]);
    r = cli("tune", "watch", "no-such-job", "--server", url, "--token", reader);
    assertEquals("3", r[0], r[1] + r[2]);
    r = cli("tune", "watch", "wait-job", "--interval", "0", "--server", url, "--token", reader);
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--interval"), r[2]);
  }

  @Test
  void watchingAJobWhoseTrialsAllFailExits1() throws Exception {
    Files.writeString(dir.resolve("datasets/bad.csv"), "0,1,2,x,4\n1,2,3,4,5\n");
    String spec = TestData.job("bad-job", "random", 2, 1).replace("\"train.csv\"", "\"bad.csv\"");
    String url = server.url().toString();
    String[] r = cliIn(spec, "tune", "submit", "-", "--server", url, "--token", submitter);
    assertEquals("0", r[0], r[1] + r[2]);
    r = cli("tune", "watch", "bad-job", "--interval", "0.2", "--server", url, "--token", reader);
    assertEquals("1", r[0], r[1] + r[2]);
    List<String> lines = r[1].lines().toList();
    assertTrue(
        lines.get(lines.size() - 2).startsWith("bad-job FAILED: trials done 2/2 (2 failed)"), r[1]);
    assertTrue(
        lines.get(lines.size() - 1).startsWith("bad-job ended FAILED: no trial produced"), r[1]);
  }

  @Test
  void theTuneCommandsDriveAJobOverHttp() throws Exception {
    Path job = dir.resolve("cli-job.json");
    Files.writeString(job, TestData.job("cli-job", "random", 2, 1));
    String url = server.url().toString();
    String[] r = cli("tune", "submit", job.toString(), "--server", url, "--token", submitter);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("submitted cli-job"), r[1]);
    r = cli("tune", "submit", job.toString(), "--server", url, "--token", submitter);
    assertEquals("2", r[0], "a duplicate name is bad input: " + r[1] + r[2]);
    assertTrue(r[2].contains("already exists"), r[2]);
    waitForEnd(new ApiClient(url, reader), "cli-job");
    r = cli("tune", "status", "cli-job", "--server", url, "--token", reader);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("COMPLETED") && r[1].contains("best trial"), r[1]);
    r = cli("tune", "trials", "cli-job", "--server", url, "--token", reader);
    assertEquals(2, r[1].lines().count(), r[1]);
    r = cli("tune", "best", "cli-job", "--server", url, "--token", reader);
    assertTrue(r[1].contains("model: artifacts/sha256/"), r[1]); // relative to its data folder
    r = cli("tune", "list", "--server", url, "--token", reader, "--state", "completed");
    assertTrue(r[1].contains("cli-job"), r[1]);
    r = cli("tune", "stop", "cli-job", "--server", url, "--token", reader);
    assertEquals("4", r[0], "a reader may not stop jobs");
    assertTrue(r[2].contains("403"), r[2]);
    r = cli("tune", "status", "cli-job", "--server", url);
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--token"), r[2]);
  }

  /**
   * An empty JOB made {@code GET /api/v1/tuning-jobs/}, the list: {@code tune watch ''} polled it
   * for ever and {@code tune status ''} printed the list and exited 0. A name with a space was
   * form-encoded ({@code a+b}), so the service looked up another job.
   */
  @Test
  void anEmptyJobNameIsRefusedAndANameIsPathEncoded() throws Exception {
    String url = server.url().toString();
    for (String command : List.of("status", "watch", "trials", "best", "stop")) {
      for (String job : List.of("", "  ")) {
        String[] r = cli("tune", command, job, "--server", url, "--token", admin);
        assertEquals("2", r[0], command + " '" + job + "': " + r[1] + r[2]);
        assertTrue(r[2].contains("JOB: must be a non-empty job name"), command + ": " + r[2]);
        assertEquals("", r[1], "nothing printed: " + r[1]);
      }
    }
    String[] r = cli("tune", "status", "a b", "--server", url, "--token", reader);
    assertEquals("3", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("tuning job a b "), "%20, not +: " + r[2]);
  }

  /**
   * A token read from a file ends in a line break: it is trimmed. A control character inside it is
   * refused naming --token, without printing the token (the CLI printed "Illegal character(s) in
   * message header value: Bearer vrn_a_..." and exited 1).
   */
  @Test
  void aTokensSurroundingWhitespaceIsTrimmedAndAControlCharacterRefusedWithoutShowingIt()
      throws Exception {
    String url = server.url().toString();
    String[] r = cli("tune", "list", "--server", url, "--token", " " + reader + "\n");
    assertEquals("0", r[0], r[1] + r[2]);
    for (String bad :
        List.of(
            reader + "\nx",
            reader.substring(0, 6) + "\r\n" + reader.substring(6),
            reader + "\u0000")) {
      r = cli("tune", "status", "some-job", "--server", url, "--token", bad);
      assertEquals("2", r[0], r[1] + r[2]);
      assertTrue(r[2].contains("--token") && r[2].contains("control characters"), r[2]);
      assertFalse(r[2].contains(reader.substring(6)), "the token is not shown: " + r[2]);
    }
  }

  /** Issue 12: the CLI printed {@code error: $.channels.train.path: $.channels.train.path: ...}. */
  @Test
  void theCliNamesAWrongFieldOnce() throws Exception {
    Path job = dir.resolve("cli-escape.json");
    Files.writeString(
        job,
        TestData.job("cli-escape", "random", 2, 1)
            .replace("\"path\": \"train.csv\"", "\"path\": \"../outside.csv\""));
    String[] r =
        cli(
            "tune",
            "submit",
            job.toString(),
            "--server",
            server.url().toString(),
            "--token",
            submitter);
    assertEquals("2", r[0], r[1] + r[2]);
    String err = r[2].strip();
    assertTrue(err.startsWith("error: $.channels.train.path: "), err);
    assertEquals(1, err.split("channels\\.train\\.path", -1).length - 1, err);
    assertTrue(err.contains("data root") && err.endsWith("(HTTP 400)"), err);
  }
}
