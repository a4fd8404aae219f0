package dev.runbook.backup.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and hashes (SHA-256) the bytes read through it, whoever reads them. */
public final class MeasuredInputStream extends FilterInputStream {

  private final MessageDigest digest = MeasuredOutputStream.sha256();
  private long count;

  public MeasuredInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count++;
      digest.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      digest.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads what is left, so that the count and hash cover the whole stream. */
  public void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // counted and hashed by read
    }
  }

  public long count() {
    return count;
  }

  public String sha256Hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
