package dev.runbook.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts of several zstd frames and a seek table: one stream to every zstd decoder ({@code
 * zstd -d}, the library's own stream), frames decoded on every core by the drill's copy, and
 * damage to a frame or to the table found, never decoded into a wrong file.
 */
class ZstdFramesTest {

  private static final int FRAME = 256 * 1024;

  @TempDir Path dir;

  /** Log-like rows: compressible, as a database is, and different in every frame. */
  private static byte[] rows(int bytes) {
    SplittableRandom random = new SplittableRandom(16);
    StringBuilder text = new StringBuilder();
    while (text.length() < bytes) {
      text.append("event ").append(random.nextInt(1_000_000)).append(" member ")
          .append(Long.toHexString(random.nextLong())).append('\n');
    }
    return text.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
  }

  private Path encode(byte[] raw, int frameBytes) throws IOException {
    Path file = dir.resolve("artifact.zst");
    try (OutputStream out = ZstdFrames.encoder(Files.newOutputStream(file), 3, 2, frameBytes)) {
      // in odd pieces, so that frames end inside a write
      for (int at = 0; at < raw.length; at += 100_003) {
        out.write(raw, at, Math.min(100_003, raw.length - at));
      }
    }
    return file;
  }

  private static List<ZstdFrames.Frame> table(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      return ZstdFrames.read(c);
    }
  }

  private Path copy(Path file, long limit) throws IOException {
    Path target = dir.resolve("decoded-" + System.nanoTime());
    ZstdFileCopy.copy(file, target, limit, sha -> { });
    return target;
  }

  @Test
  void framesAndTableReadAsOneStreamByEveryDecoder() throws Exception {
    byte[] raw = rows(5 * FRAME + 12_345);
    Path file = encode(raw, FRAME);

    List<ZstdFrames.Frame> frames = table(file);
    assertThat(frames).hasSize(6);
    assertThat(frames.subList(0, 5)).allSatisfy(f -> assertThat(f.raw()).isEqualTo(FRAME));
    assertThat(frames.get(5).raw()).isEqualTo(12_345);

    assertThat(Files.readAllBytes(copy(file, raw.length))).as("frames decoded on every core")
        .isEqualTo(raw);
    try (InputStream in = Codecs.open(Compression.ZSTD, file)) {
      assertThat(in.readAllBytes()).as("the library's stream decoder").isEqualTo(raw);
    }
    Path byHand = dir.resolve("by-hand");
    Process zstd = new ProcessBuilder("zstd", "-q", "-d", file.toString(), "-o",
        byHand.toString()).redirectErrorStream(true).start();
    String said = new String(zstd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(zstd.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(zstd.exitValue()).as("zstd -d: " + said).isZero();
    assertThat(Files.readAllBytes(byHand)).as("zstd -d by hand").isEqualTo(raw);
  }

  @Test
  void nothingWrittenIsStillAZstdFileOfNothing() throws Exception {
    Path file = encode(new byte[0], FRAME);
    assertThat(table(file)).hasSize(1);
    assertThat(Files.size(copy(file, 0))).isZero();
    try (InputStream in = Codecs.open(Compression.ZSTD, file)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void aDamagedFrameIsNamedAndNotWrittenAsIfSound() throws Exception {
    byte[] raw = rows(4 * FRAME);
    Path file = encode(raw, FRAME);
    ZstdFrames.Frame third = table(file).get(2);
    flip(file, third.storedAt() + third.stored() / 2);

    assertThatThrownBy(() -> copy(file, raw.length)).isInstanceOf(IOException.class)
        .hasMessageContaining("zstd frame 2");
  }

  @Test
  void aTableThatDoesNotAddUpToTheFileIsIgnoredAndTheStreamDecodedInstead() throws Exception {
    byte[] raw = rows(3 * FRAME + 7);
    Path file = encode(raw, FRAME);
    List<ZstdFrames.Frame> frames = table(file);
    assertThat(frames).hasSize(4);
    long entry = Files.size(file) - ZstdFrames.FOOTER - frames.size() * 8L; // the first frame's
    writeInt(file, entry, (int) frames.get(0).stored() + 1);

    assertThat(table(file)).isNull();
    assertThat(Files.readAllBytes(copy(file, raw.length))).isEqualTo(raw);
  }

  @Test
  void aTableWhoseSizesAreForgedButAddUpIsCaughtByTheFrames() throws Exception {
    byte[] raw = rows(3 * FRAME + 7);
    Path file = encode(raw, FRAME);
    List<ZstdFrames.Frame> frames = table(file);
    long entries = Files.size(file) - ZstdFrames.FOOTER - frames.size() * 8L;
    // the first two frames' stored sizes moved by one between them: the sum still matches
    writeInt(file, entries, (int) frames.get(0).stored() - 1);
    writeInt(file, entries + 8, (int) frames.get(1).stored() + 1);
    assertThat(table(file)).hasSize(4);

    assertThatThrownBy(() -> copy(file, raw.length)).isInstanceOf(IOException.class)
        .hasMessageContaining("zstd frame");
  }

  @Test
  void framesAddingUpToMoreThanTheManifestSaysAreRefusedBeforeAnyWrite() throws Exception {
    byte[] raw = rows(3 * FRAME);
    Path file = encode(raw, FRAME);
    Path target = dir.resolve("never");
    AtomicReference<String> sha = new AtomicReference<>();

    assertThatThrownBy(() -> ZstdFileCopy.copy(file, target, raw.length - 1, sha::set))
        .isInstanceOf(IOException.class).hasMessageContaining("more than the");
    assertThat(target).doesNotExist();
  }

  @Test
  void aFileCutShortHasNoTableAndFailsAsAStream() throws Exception {
    byte[] raw = rows(3 * FRAME);
    Path file = encode(raw, FRAME);
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(table(file).get(1).storedAt() + 100);
    }
    assertThat(table(file)).isNull();
    assertThatThrownBy(() -> copy(file, raw.length)).isInstanceOf(IOException.class)
        .hasMessageContaining("cut short");
  }

  private static void flip(Path file, long at) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      c.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x5a));
      b.rewind();
      c.write(b, at);
    }
  }

  private static void writeInt(Path file, long at, int value) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), at);
    }
  }
}
