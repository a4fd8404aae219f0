package dev.runbook.backup.internal;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * zstd artifacts as a run of independent frames, each of {@link #FRAME_BYTES} raw bytes (the
 * last fewer), closed by a seek table in zstd's seekable format: a skippable frame (magic {@code
 * 0x184D2A5E}) listing each frame's stored and raw size, ending with the frame count, a descriptor
 * byte and the magic {@code 0x8F92EAB1}. {@code zstd -d} and every zstd decoder read such a file
 * as one stream (concatenated frames decode to the concatenation; skippable frames are skipped),
 * so an artifact still restores by hand with {@code zstd -d}. The table lets a drill decode the
 * frames on every core at once ({@link ZstdFileCopy}).
 */
final class ZstdFrames {

  /** Raw bytes a frame: large enough that a frame's start costs nothing in size. */
  static final int FRAME_BYTES = 64 << 20;
  static final int SKIPPABLE_MAGIC = 0x184D2A5E;
  static final int SEEKABLE_MAGIC = 0x8F92EAB1;
  static final int FOOTER = 9;
  /** The most frames a table is read with: 64 MiB each, 4 TiB. */
  static final int MAX_FRAMES = 1 << 16;

  /** One frame: where its stored bytes start, how many, where its raw bytes go, how many. */
  record Frame(long storedAt, long stored, long rawAt, long raw) {}

  private ZstdFrames() {}

  /** The encoder: frames of {@link #FRAME_BYTES}, then the table, written on close. */
  static OutputStream encoder(OutputStream out, int level, int workers) {
    return encoder(out, level, workers, FRAME_BYTES);
  }

  /** As above, with frames of {@code frameBytes} (tests use small ones). */
  static OutputStream encoder(OutputStream out, int level, int workers, int frameBytes) {
    return new Encoder(out, level, workers, frameBytes);
  }

  /**
   * The frames of a stored file from its seek table, or null when it has none or one that does
   * not add up to the file (then the file is decoded as one stream, which finds any damage).
   */
  static List<Frame> read(FileChannel file) throws IOException {
    long size = file.size();
    if (size < 8 + FOOTER) {
      return null;
    }
    ByteBuffer footer = ByteBuffer.allocate(FOOTER).order(ByteOrder.LITTLE_ENDIAN);
    if (readFully(file, footer, size - FOOTER) < FOOTER) {
      return null;
    }
    long frames = Integer.toUnsignedLong(footer.getInt(0));
    if (footer.getInt(5) != SEEKABLE_MAGIC || footer.get(4) != 0 || frames == 0
        || frames > MAX_FRAMES) {
      return null;
    }
    int tableBytes = (int) frames * 8 + FOOTER;
    long tableAt = size - tableBytes - 8;
    if (tableAt < 0) {
      return null;
    }
    ByteBuffer table = ByteBuffer.allocate(8 + tableBytes).order(ByteOrder.LITTLE_ENDIAN);
    if (readFully(file, table, tableAt) < table.capacity()
        || table.getInt(0) != SKIPPABLE_MAGIC || table.getInt(4) != tableBytes) {
      return null;
    }
    List<Frame> list = new ArrayList<>();
    long storedAt = 0;
    long rawAt = 0;
    for (int i = 0; i < frames; i++) {
      long stored = Integer.toUnsignedLong(table.getInt(8 + i * 8));
      long raw = Integer.toUnsignedLong(table.getInt(12 + i * 8));
      list.add(new Frame(storedAt, stored, rawAt, raw));
      storedAt += stored;
      rawAt += raw;
    }
    return storedAt == tableAt ? list : null;
  }

  private static int readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    int total = 0;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** Counts what passes to the stored file, and never closes it before the table is written. */
  private static final class Counted extends FilterOutputStream {
    long count;

    Counted(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      flush(); // a frame's end; the stored file is closed by the encoder
    }
  }

  private static final class Encoder extends OutputStream {
    private final OutputStream target;
    private final Counted counted;
    private final int level;
    private final int workers;
    private final int frameBytes;
    private final List<long[]> frames = new ArrayList<>();
    private ZstdOutputStream frame;
    private long frameStart;
    private long frameRaw;
    private boolean closed;

    Encoder(OutputStream target, int level, int workers, int frameBytes) {
      this.target = target;
      this.frameBytes = frameBytes;
      this.counted = new Counted(target);
      this.level = level;
      this.workers = workers;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (frame == null) {
          startFrame();
        }
        int n = (int) Math.min(len, frameBytes - frameRaw);
        frame.write(b, off, n);
        frameRaw += n;
        off += n;
        len -= n;
        if (frameRaw == frameBytes) {
          endFrame();
        }
      }
    }

    private void startFrame() throws IOException {
      // the content checksum lets `zstd -t` and our own decode catch a damaged frame
      frame = new ZstdOutputStream(counted, level).setChecksum(true).setWorkers(workers);
      frameStart = counted.count;
      frameRaw = 0;
    }

    private void endFrame() throws IOException {
      frame.close();
      frames.add(new long[] {counted.count - frameStart, frameRaw});
      frame = null;
    }

    @Override
    public void flush() throws IOException {
      if (frame != null) {
        frame.flush();
      }
      target.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (OutputStream out = target) {
        if (frame == null && frames.isEmpty()) {
          startFrame(); // nothing written: one empty frame, still a zstd file
        }
        if (frame != null) {
          endFrame();
        }
        int tableBytes = frames.size() * 8 + FOOTER;
        ByteBuffer table = ByteBuffer.allocate(8 + tableBytes).order(ByteOrder.LITTLE_ENDIAN);
        table.putInt(SKIPPABLE_MAGIC).putInt(tableBytes);
        for (long[] f : frames) {
          table.putInt((int) f[0]).putInt((int) f[1]);
        }
        table.putInt(frames.size()).put((byte) 0).putInt(SEEKABLE_MAGIC);
        out.write(table.array());
      }
    }
  }
}
