package dev.vernier.app.server;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code vernier serve} per {@code --data} folder: an exclusive lock on {@code serve.lock} in
 * it, held while the server runs and released by the operating system when the process dies (kill
 * -9 included). A second server on the same folder would share its work folders and, on SQLite, its
 * database, and its in-process worker would take the first one's name and leases.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "serve.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dataDir}, writing this process's id into the file.
   *
   * @throws InvalidInputException naming {@code --data} when another process holds it
   */
  static DataDirLock acquire(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // this process holds it already: a second server in the same JVM
    }
    if (lock == null) {
      String holder = "";
      try {
        holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        // unreadable: say nothing of the holder
      }
      ch.close();
      throw new InvalidInputException(
          "--data",
          "is in use by another `vernier serve`"
              + (holder.matches("\\d{1,12}") ? " (process " + holder + ")" : "")
              + "; each server, replicas included, needs a --data folder of its own",
          dataDir.toAbsolutePath().toString());
    }
    ch.truncate(0);
    ch.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
        0);
    ch.force(false);
    return new DataDirLock(ch, lock);
  }

  /** Releases {@code lock} when there is one. */
  static void close(DataDirLock lock) {
    if (lock != null) {
      lock.close();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // closing the channel releases the lock in any case
    }
  }
}
