package dev.vernier.platform.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: {@code initdb} and {@code pg_ctl} from Debian's {@code
 * postgresql} package in a temporary folder, listening on a free loopback port, stopped and deleted
 * on {@link #close()}. As root it runs as the {@code postgres} user the package creates ({@code
 * initdb} refuses root). The binaries are looked up in {@code VERNIER_PG_BIN}, then {@code
 * /usr/lib/postgresql/<newest>/bin}.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String USER = "vernier";
  private static PostgresServer shared;
  private final AtomicInteger databases = new AtomicInteger();
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Where the binaries are, or empty when PostgreSQL is not installed. */
  public static Optional<Path> binaries() {
    String env = System.getenv("VERNIER_PG_BIN");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env)).filter(p -> Files.isExecutable(p.resolve("initdb")));
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> versionOf(b.getParent())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionOf(Path v) {
    try {
      return Integer.parseInt(v.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Starts a fresh server with database {@code vernier} owned by user {@code vernier} (trust
   * authentication on loopback).
   *
   * @throws IllegalStateException when PostgreSQL is not installed: say how to get it
   */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin =
        binaries()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PostgreSQL's binaries were not found in /usr/lib/postgresql/*/bin or"
                            + " VERNIER_PG_BIN: install Debian's postgresql package (.ci/run does)"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("vernier-pg-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = dir.resolve("data");
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), dir, false);
    }
    int port = freePort();
    PostgresServer server = new PostgresServer(bin, dir, port, root);
    try {
      server.pg(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "--auth=trust",
              "--encoding=UTF8",
              "--locale=C.UTF-8",
              "--no-sync"));
      server.pg(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              dir.resolve("log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-c listen_addresses=127.0.0.1 -c port="
                  + port
                  + " -c unix_socket_directories="
                  + dir
                  + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                  + " -c max_connections=200",
              "start"));
      server.pg(
          List.of(
              bin.resolve("createdb").toString(),
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(port),
              "-U",
              USER,
              "vernier"));
      return server;
    } catch (IOException | RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/vernier}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/vernier";
  }

  /** The database user (no password: trust on loopback). */
  public String user() {
    return USER;
  }

  public int port() {
    return port;
  }

  /**
   * A new, empty database on this server for one test (named {@code t1}, {@code t2}, ...), as a
   * JDBC URL; the user is {@link #user()} without a password.
   */
  public String newDatabase() {
    return newDatabase(USER);
  }

  /**
   * As {@link #newDatabase()}, owned by {@code owner} (a role of {@link #userWithPassword}), who
   * may then create tables in it.
   */
  public String newDatabase(String owner) {
    String name = "t" + databases.incrementAndGet();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/vernier", USER, "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " OWNER " + owner);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name + ": " + e, e);
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  /**
   * A new login role {@code pw1}, {@code pw2}, ... that must give {@code password} (scram-sha-256):
   * a {@code pg_hba.conf} line for that role alone goes before the trust lines and the server
   * reloads, so every other user keeps trust authentication. The role may connect to every database
   * of this server.
   */
  public String userWithPassword(String password) {
    String name = "pw" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
        Statement st = c.createStatement()) {
      st.execute("SET password_encryption = 'scram-sha-256'");
      st.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
      Path hba = dir.resolve("data/pg_hba.conf");
      synchronized (this) {
        String lines = Files.readString(hba, StandardCharsets.UTF_8);
        Files.writeString(
            hba,
            "host all " + name + " 127.0.0.1/32 scram-sha-256\n" + lines,
            StandardCharsets.UTF_8);
        st.execute("SELECT pg_reload_conf()");
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not create role " + name + ": " + e, e);
    }
    // the reload is asynchronous: wait until the server asks this role for its password
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Connection c = DriverManager.getConnection(jdbcUrl(), name, "")) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("the server did not reload pg_hba.conf within 10 s");
        }
        Thread.sleep(20);
      } catch (SQLException e) {
        return name; // refused without the password: the line is in force
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /**
   * The server shared by every test of this JVM (a test module's run), started on first use and
   * stopped when the JVM exits.
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      try {
        PostgresServer s = start();
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "postgres-stop"));
        shared = s;
      } catch (IOException e) {
        throw new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      }
    }
    return shared;
  }

  /** Stops the server at once (as a crash would) and deletes its folder. */
  @Override
  public void close() {
    try {
      if (Files.exists(dir.resolve("data/postmaster.pid"))) {
        pg(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-m",
                "immediate",
                "-w",
                "stop"));
      }
    } catch (IOException | RuntimeException e) {
      // the folder goes anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }

  private void pg(List<String> command) throws IOException, InterruptedException {
    run(command, dir, asPostgres);
  }

  private static void run(List<String> command, Path dir, boolean asPostgres)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("su", "postgres", "-s", "/bin/sh", "-c", shellJoin(command)));
    } else {
      full.addAll(command);
    }
    Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " exited with "
              + p.exitValue()
              + ": "
              + new String(out, StandardCharsets.UTF_8).strip());
    }
  }

  private static String shellJoin(List<String> args) {
    StringBuilder b = new StringBuilder();
    for (String a : args) {
      if (b.length() > 0) b.append(' ');
      b.append('\'').append(a.replace("'", "'\\''")).append('\'');
    }
    return b.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
