package dev.runbook.backup.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * Decodes a zstd file into a new file through native buffers (no copies through the Java heap),
 * while another thread hashes the stored bytes: decoding is single-threaded, so the hash costs
 * the drill no time. It stops a stream that decodes to more than expected, so a damaged or forged
 * artifact cannot fill the disk.
 */
final class ZstdFileCopy {

  /** zstd's own streaming sizes: buffers that stay in the cache decode fastest. */
  private static final int BUFFER = 128 * 1024;

  private ZstdFileCopy() {}

  /**
   * Decodes {@code source} into {@code target} (created, never replaced).
   *
   * @param limit the most bytes the decoded stream may hold
   * @param sha given the stored bytes' SHA-256 once they were all read and decoded
   * @return the bytes written
   * @throws IOException when the stream does not decode to its end, or passes {@code limit}
   */
  static long copy(Path source, Path target, long limit, Consumer<String> sha)
      throws IOException {
    FutureTask<String> hash = new FutureTask<>(() -> sha256(source));
    Thread hasher = new Thread(hash, "runbook-drill-hash");
    hasher.setDaemon(true);
    hasher.start();
    long raw = decode(source, target, limit);
    try {
      sha.accept(hash.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing " + source, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException ? (IOException) e.getCause()
          : new IOException("hashing " + source + " failed: " + e.getCause(), e.getCause());
    }
    return raw;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = MeasuredOutputStream.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      while (in.read(buffer.clear()) >= 0) {
        digest.update(buffer.flip());
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static long decode(Path source, Path target, long limit) throws IOException {
    ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
    ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    long raw = 0;
    try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel to = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
      boolean eof = false;
      boolean frameDone = false;
      in.limit(0);
      while (true) {
        if (!in.hasRemaining() && !eof) {
          in.clear();
          eof = from.read(in) < 0;
          in.flip();
        }
        out.clear();
        boolean ended;
        try {
          ended = zstd.decompressDirectByteBufferStream(out, in);
        } catch (ZstdException e) {
          throw new IOException("zstd stream does not decode: " + e.getMessage(), e);
        }
        out.flip();
        if (eof && !in.hasRemaining() && !out.hasRemaining()) {
          break; // all read and nothing left to give: the call before says how the frame ended
        }
        frameDone = ended;
        raw += out.remaining();
        if (raw > limit) {
          throw new IOException("the artifact decodes to more than the " + limit
              + " bytes its manifest says; it is damaged");
        }
        while (out.hasRemaining()) {
          to.write(out);
        }
      }
      if (!frameDone) {
        throw new IOException("zstd stream ends inside a frame: the file is cut short");
      }
    }
    return raw;
  }
}
