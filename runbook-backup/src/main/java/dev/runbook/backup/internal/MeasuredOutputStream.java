package dev.runbook.backup.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts the bytes that pass and, when asked, hashes them with SHA-256 on the way: the checksum of
 * a stored file is computed while it is written, never in a second pass.
 */
public final class MeasuredOutputStream extends FilterOutputStream {

  private final MessageDigest digest;
  private long count;

  private MeasuredOutputStream(OutputStream out, MessageDigest digest) {
    super(out);
    this.digest = digest;
  }

  /** Counts and hashes. */
  public static MeasuredOutputStream hashing(OutputStream out) {
    return new MeasuredOutputStream(out, sha256());
  }

  /** Counts only. */
  public static MeasuredOutputStream counting(OutputStream out) {
    return new MeasuredOutputStream(out, null);
  }

  /** A fresh SHA-256 digest; every JDK has one. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count++;
    if (digest != null) {
      digest.update((byte) b);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    count += len;
    if (digest != null) {
      digest.update(b, off, len);
    }
  }

  /** The lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  public long count() {
    return count;
  }

  /** The lower-case hex SHA-256 of everything written; call once, after the last write. */
  public String sha256Hex() {
    if (digest == null) {
      throw new IllegalStateException("this stream counts only");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Keeps a source from closing the stream under the repository; the repository closes it. */
  public static OutputStream unclosable(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }
}
