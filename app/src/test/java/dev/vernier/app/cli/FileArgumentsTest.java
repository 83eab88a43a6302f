package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "-" arguments: standard input is copied within a limit, and the copy never stays behind. */
class FileArgumentsTest {
  @TempDir Path tmp;

  /** Standard input that never ends, as {@code /dev/zero}. */
  static InputStream endless() {
    return new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 0);
        return len;
      }
    };
  }

  /** Issue: {@code train --train - < /dev/zero} filled the disk. */
  @Test
  void standardInputBeyondTheLimitIsRefusedAndItsCopyDeleted() throws IOException {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> FileArguments.copyOfStdin(endless(), "--train", tmp, 1 << 20));
    assertEquals("--train", e.field());
    assertTrue(e.getMessage().contains("at most 1048576 bytes"), e.getMessage());
    try (var left = Files.list(tmp)) {
      assertEquals(0, left.count(), "the temporary copy and its folder are deleted");
    }
    assertTrue(FileArguments.MAX_STDIN_BYTES >= 1L << 30);
  }

  @Test
  void aCopyWithinTheLimitIsReadableUntilDiscarded() throws IOException {
    byte[] data = "0,1,2\n1,2,3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path copy = FileArguments.copyOfStdin(new ByteArrayInputStream(data), "--train", tmp, 12);
    assertArrayEquals(data, Files.readAllBytes(copy));
    FileArguments.discard("data.csv", copy);
    assertTrue(Files.exists(copy), "only a copy of standard input is discarded");
    FileArguments.discard("-", copy);
    try (var left = Files.list(tmp)) {
      assertEquals(0, left.count());
    }
  }
}
