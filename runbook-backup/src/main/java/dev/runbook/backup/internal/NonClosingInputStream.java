package dev.runbook.backup.internal;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Lets a decoder be closed without closing the stream it reads, which its owner still drains. */
final class NonClosingInputStream extends FilterInputStream {

  NonClosingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read(byte[] b, int off, int len) throws java.io.IOException {
    return in.read(b, off, len);
  }

  @Override
  public void close() {
    // the owner closes the underlying stream
  }
}
