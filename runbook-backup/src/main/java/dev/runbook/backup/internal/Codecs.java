package dev.runbook.backup.internal;

import com.github.luben.zstd.ZstdInputStream;
import dev.runbook.backup.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.BufferedInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Encoders and decoders for each {@link Compression}, all streaming with fixed buffers. */
public final class Codecs {

  /** zstd's default level: fast, and about as small as gzip -6. */
  public static final int ZSTD_LEVEL = 3;
  private static final int BUFFER = 64 * 1024;

  private Codecs() {}

  /**
   * Wraps {@code out} so that what is written to the result is stored compressed; zstd compresses
   * on {@code workers} threads of its own while the caller's thread writes and hashes, as the
   * stages of {@code tar | zstd -T0 | sha256sum} overlap.
   */
  public static OutputStream encoder(Compression compression, int workers, OutputStream out)
      throws IOException {
    switch (compression) {
      case ZSTD:
        // frames of 64 MiB and a seek table, so that a drill decodes on every core
        return ZstdFrames.encoder(out, ZSTD_LEVEL, workers);
      case GZIP:
        return new GZIPOutputStream(out, BUFFER);
      case NONE:
        return out;
      default:
        throw new IllegalArgumentException(compression.name());
    }
  }

  /** Wraps {@code in} so that reading the result gives the original bytes. */
  public static InputStream decoder(Compression compression, InputStream in) throws IOException {
    switch (compression) {
      case ZSTD:
        return new ZstdInputStream(in);
      case GZIP:
        return new GZIPInputStream(in, BUFFER);
      case NONE:
        return in;
      default:
        throw new IllegalArgumentException(compression.name());
    }
  }

  /** Opens a stored file and decodes it; the stream is closed if the decoder cannot start. */
  public static InputStream open(Compression compression, Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      return decoder(compression, in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}
