package dev.runbook.backup.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Decodes a zstd file into a new file through native buffers (no copies through the Java heap),
 * while another thread hashes the stored bytes. A file with a seek table ({@link ZstdFrames}) is
 * decoded a frame at a time on every core, each frame written at its place and checked to end
 * exactly where the table says; any other file is decoded as one stream. It stops a stream that
 * decodes to more than expected, so a damaged or forged artifact cannot fill the disk.
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
    try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ)) {
      List<ZstdFrames.Frame> frames = ZstdFrames.read(from);
      int threads = Math.min(Runtime.getRuntime().availableProcessors(),
          frames == null ? 1 : frames.size());
      return threads < 2 ? decodeStream(from, target, limit)
          : decodeFrames(source, from, frames, threads, target, limit);
    }
  }

  private static long decodeFrames(Path source, FileChannel from, List<ZstdFrames.Frame> frames,
      int threads, Path target, long limit) throws IOException {
    ZstdFrames.Frame last = frames.get(frames.size() - 1);
    long raw = last.rawAt() + last.raw();
    if (raw > limit) {
      throw new IOException("the artifact's frames add up to " + raw + " bytes, more than the "
          + limit + " bytes its manifest says; it is damaged");
    }
    try (FileChannel to = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      AtomicInteger next = new AtomicInteger();
      List<FutureTask<Void>> decoders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        FutureTask<Void> decoder = new FutureTask<>(() -> {
          ByteBuffer in = ByteBuffer.allocateDirect(BUFFER); // a thread's, for all its frames
          ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
          for (int i = next.getAndIncrement(); i < frames.size(); i = next.getAndIncrement()) {
            decodeFrame(from, to, frames.get(i), i, in, out);
          }
          return null;
        });
        decoders.add(decoder);
        Thread thread = new Thread(decoder, "runbook-drill-decode-" + t);
        thread.setDaemon(true);
        thread.start();
      }
      // every decoder is waited out, even when interrupted: they write into the target
      IOException failure = null;
      boolean interrupted = false;
      for (FutureTask<Void> decoder : decoders) {
        while (true) {
          try {
            decoder.get();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            next.set(frames.size()); // the others stop after their current frame
            if (failure == null) {
              failure = new IOException("interrupted while decoding " + source, e);
            }
          } catch (ExecutionException e) {
            next.set(frames.size());
            if (failure == null) {
              failure = e.getCause() instanceof IOException ? (IOException) e.getCause()
                  : new IOException("decoding " + source + " failed: " + e.getCause(),
                      e.getCause());
            }
            break;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
    }
    return raw;
  }

  /** Decodes one frame of the table into its place; it must end exactly where the table says. */
  private static void decodeFrame(FileChannel from, FileChannel to, ZstdFrames.Frame frame,
      int index, ByteBuffer in, ByteBuffer out) throws IOException {
    long read = 0;
    long written = 0;
    boolean ended = false;
    try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
      in.limit(0);
      while (true) {
        if (!in.hasRemaining() && read < frame.stored()) {
          in.clear();
          in.limit((int) Math.min(BUFFER, frame.stored() - read));
          int n = from.read(in, frame.storedAt() + read);
          if (n <= 0) {
            throw new IOException("zstd frame " + index + " is cut short");
          }
          read += n;
          in.flip();
        }
        if (ended) {
          break;
        }
        out.clear();
        try {
          ended = zstd.decompressDirectByteBufferStream(out, in);
        } catch (ZstdException e) {
          throw new IOException("zstd frame " + index + " does not decode: " + e.getMessage(), e);
        }
        out.flip();
        if (written + out.remaining() > frame.raw()) {
          throw new IOException("zstd frame " + index + " decodes to more than the "
              + frame.raw() + " bytes its seek table says; the artifact is damaged");
        }
        while (out.hasRemaining()) {
          written += to.write(out, frame.rawAt() + written);
        }
        if (!ended && !in.hasRemaining() && read == frame.stored() && out.limit() == 0) {
          throw new IOException("zstd frame " + index + " ends inside its data: the file is"
              + " cut short or damaged");
        }
      }
    }
    if (in.hasRemaining() || read != frame.stored() || written != frame.raw()) {
      throw new IOException("zstd frame " + index + " does not match its seek table (stored "
          + read + " of " + frame.stored() + " bytes, decoded " + written + " of " + frame.raw()
          + "); the artifact is damaged");
    }
  }

  /** Decodes {@code from} from its start (the table was read by position) as one stream. */
  private static long decodeStream(FileChannel from, Path target, long limit) throws IOException {
    ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
    ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    long raw = 0;
    try (FileChannel to = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
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
