package dev.runbook.backup.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes through to a file and, each time another {@link #STEP} bytes have gone in, has a thread
 * of its own flush them to disk while the writing goes on. A backup's artifact then never sits
 * as hundreds of MiB of dirty pages that one final fsync pushes out at once, in front of every
 * fsync the service's database makes meanwhile (on Linux the kernel starts writing back only at
 * a tenth of the memory). The final fsync, the caller's, then has at most a step left to flush.
 * A flush still running when the next step is due is not queued behind: the next one covers both.
 */
final class SteadyFlush extends FilterOutputStream {

  static final long STEP = 8L * 1024 * 1024;

  private final FileChannel channel;
  private final AtomicBoolean flushing = new AtomicBoolean();
  private volatile IOException failure;
  private long sinceFlush;

  SteadyFlush(OutputStream out, FileChannel channel) {
    super(out);
    this.channel = channel;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    wrote(1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    wrote(len);
  }

  private void wrote(int n) throws IOException {
    if (failure != null) {
      throw new IOException("flushing the artifact to disk failed: " + failure.getMessage(),
          failure);
    }
    sinceFlush += n;
    if (sinceFlush >= STEP && flushing.compareAndSet(false, true)) {
      sinceFlush = 0;
      out.flush(); // what the buffer holds reaches the file before the flush is asked for
      Thread flusher = new Thread(() -> {
        try {
          channel.force(false);
        } catch (IOException e) {
          failure = e;
        } finally {
          flushing.set(false);
        }
      }, "runbook-backup-flush");
      flusher.setDaemon(true);
      flusher.start();
    }
  }
}
