package dev.runbook.jdbc.sqlite;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Streams the pages of one SQLite read transaction straight from the database file and, in WAL
 * mode, its write-ahead log, as a plain database file: no temporary copy, so the copy, the
 * compression and the hashing overlap.
 *
 * <p>Why the pages read are those of the reader's snapshot (SQLite's WAL design, section "WAL
 * file format" and the wal-index of its file-format document):
 *
 * <ul>
 *   <li>The caller holds the write lock while the reader's transaction starts and {@link
 *       #capture} reads the wal-index header, so its {@code mxFrame} is the reader's last frame.
 *   <li>A reader on a read mark above 0 keeps every frame up to its mark in the log: the log is not
 *       restarted or truncated under it, and a checkpoint copies into the database file only
 *       frames up to the mark. A page with a frame in the snapshot is taken from its last frame; a
 *       page without one is not written while the reader lives.
 *   <li>A reader on mark 0 reads the database file alone: the log was all copied into it, and no
 *       checkpoint may write to it while the reader lives. A writer may restart the log then; it
 *       writes the new salts into the log header first, so a frame read before the header changes
 *       is the snapshot's, and once it changed the database file is taken for every page.
 * </ul>
 *
 * <p>In rollback-journal mode the reader's SHARED lock keeps every writer out of the file until
 * it ends, and the pages are read from the file as they are.
 *
 * <p>The database file and the index are read through {@link KeptOpen}'s channels, never closed:
 * closing a descriptor of either would drop the locks all of the above rests on.
 */
final class PageStream {

  static final int WAL_HEADER = 32;
  private static final int FRAME_HEADER = 24;
  private static final int WAL_MAGIC = 0x377f0682;
  private static final int SHM_HEADER = 48;
  private static final int CHUNK = 256 * 1024;

  private final Path database;
  private final int pageSize;
  private final long pageCount;
  private final Wal wal;

  private PageStream(Path database, int pageSize, long pageCount, Wal wal) {
    this.database = database;
    this.pageSize = pageSize;
    this.pageCount = pageCount;
    this.wal = wal;
  }

  /** A rollback-journal database under a reader's SHARED lock: the file as it is. */
  static PageStream ofFile(Path database, int pageSize, long pageCount) {
    return new PageStream(database, pageSize, pageCount, null);
  }

  /**
   * A WAL-mode database: reads the wal-index header and the headers of the frames it covers. Call
   * it while holding the write lock, after the reader's transaction has read a page.
   *
   * @return null when the wal-index cannot be read consistently (no {@code -shm} file, a header
   *     that is being written, or a log that does not match it); the caller then copies another way
   */
  static PageStream capture(Path database, int pageSize, long pageCount) throws IOException {
    IndexHeader index;
    try {
      // kept open: closing it would drop this process's locks on the index (KeptOpen)
      index = IndexHeader.read(KeptOpen.read(Path.of(database + "-shm")));
    } catch (NoSuchFileException e) {
      return null;
    }
    // the two copies differ only while a writer is between them, which the lock rules out
    if (index == null) {
      return null;
    }
    if (index.mxFrame() == 0) {
      return new PageStream(database, pageSize, pageCount, null);
    }
    Wal wal = Wal.read(Path.of(database + "-wal"), pageSize, index.mxFrame(), index.salts());
    return wal == null ? null : new PageStream(database, pageSize, pageCount, wal);
  }

  /** The wal-index header: the log's last committed frame, its page size and salts. */
  record IndexHeader(long mxFrame, int pageSize, byte[] salts) {

    /**
     * Reads the header from the {@code -shm} file; null when the index is not initialised or a
     * writer is changing it (its two copies differ).
     */
    static IndexHeader read(FileChannel shm) throws IOException {
      byte[] index = new byte[2 * SHM_HEADER];
      if (readFully(shm, ByteBuffer.wrap(index), 0) < index.length
          || !Arrays.equals(index, 0, SHM_HEADER, index, SHM_HEADER, 2 * SHM_HEADER)
          || index[12] != 1) {
        return null;
      }
      ByteBuffer header = ByteBuffer.wrap(index, 0, SHM_HEADER).order(ByteOrder.nativeOrder());
      int size = Short.toUnsignedInt(header.getShort(14));
      return new IndexHeader(Integer.toUnsignedLong(header.getInt(16)),
          size == 1 ? 65536 : size, Arrays.copyOfRange(index, 32, 40));
    }

    /** The byte of the log where the writers' next frame goes. */
    long end() {
      return WAL_HEADER + mxFrame * (FRAME_HEADER + (long) pageSize);
    }
  }

  /** Bytes {@link #writeTo} writes. */
  long bytes() {
    return pageCount * pageSize;
  }

  /** Writes the snapshot's pages, in order, to {@code out}; the copy opens as a rollback-journal file. */
  void writeTo(OutputStream out) throws IOException, SQLException {
    int pagesPerChunk = Math.max(1, CHUNK / pageSize);
    byte[] chunk = new byte[pagesPerChunk * pageSize];
    byte[] frame = new byte[pageSize];
    FileChannel file = KeptOpen.read(database); // never closed: see KeptOpen
    try (FileChannel log = wal == null ? null
        : FileChannel.open(Path.of(database + "-wal"), StandardOpenOption.READ)) {
      int cursor = 0; // into wal.pages, which is sorted by page number
      for (long first = 1; first <= pageCount; first += pagesPerChunk) {
        int pages = (int) Math.min(pagesPerChunk, pageCount - first + 1);
        int length = pages * pageSize;
        int read = readFully(file, ByteBuffer.wrap(chunk, 0, length), (first - 1) * pageSize);
        long last = first + pages - 1;
        boolean overlaid = false;
        while (wal != null && wal.live && cursor < wal.pages.length
            && wal.page(cursor) <= last) {
          long page = wal.page(cursor);
          if (page >= first) {
            long offset = WAL_HEADER + (wal.frame(cursor) - 1) * (FRAME_HEADER + (long) pageSize)
                + FRAME_HEADER;
            if (readFully(log, ByteBuffer.wrap(frame), offset) == pageSize) {
              System.arraycopy(frame, 0, chunk, (int) (page - first) * pageSize, pageSize);
              overlaid = true;
            } else {
              wal.live = false; // truncated: the log was all in the file when the reader began
            }
          }
          cursor++;
        }
        if (overlaid && !wal.unchanged(log)) {
          // restarted while the frames were read: the database file alone is the snapshot
          wal.live = false;
          read = readFully(file, ByteBuffer.wrap(chunk, 0, length), (first - 1) * pageSize);
        }
        if (read < length && !coveredByFrames(first, last, read)) {
          throw new SQLException("SQLite database " + database + " ends at byte "
              + ((first - 1) * pageSize + read) + " but its page count (" + pageCount
              + " pages of " + pageSize + " bytes) needs " + bytes() + "; the file was truncated"
              + " while the backup read it, or is damaged: run PRAGMA integrity_check on it");
        }
        if (first == 1 && length >= 20 && chunk[18] == 2 && chunk[19] == 2) {
          chunk[18] = 1; // file format: rollback journal; the copy needs no -wal or -shm
          chunk[19] = 1;
        }
        out.write(chunk, 0, length);
      }
    }
  }

  /** Whether every page past the bytes read from the file came from a frame. */
  private boolean coveredByFrames(long first, long last, int read) {
    if (wal == null || !wal.live) {
      return false;
    }
    long from = first + read / pageSize; // a page read only in part counts as not read
    for (long page = from; page <= last; page++) {
      if (!wal.has(page)) {
        return false;
      }
    }
    return true;
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

  /** The frames of one snapshot: for each page in the log, its last frame up to {@code mxFrame}. */
  private static final class Wal {
    /** (page number << 32 | frame number), sorted; one entry a page. */
    final long[] pages;
    final byte[] salts;
    boolean live = true;

    private Wal(long[] pages, byte[] salts) {
      this.pages = pages;
      this.salts = salts;
    }

    long page(int i) {
      return pages[i] >>> 32;
    }

    long frame(int i) {
      return pages[i] & 0xffffffffL;
    }

    boolean has(long page) {
      int i = Arrays.binarySearch(pages, page << 32);
      int at = i >= 0 ? i : -i - 1;
      return at < pages.length && page(at) == page;
    }

    /** Whether the log header still carries the salts the frames were read with. */
    boolean unchanged(FileChannel log) throws IOException {
      byte[] now = new byte[8];
      return readFully(log, ByteBuffer.wrap(now), 16) == 8 && Arrays.equals(now, salts);
    }

    static Wal read(Path log, int pageSize, long mxFrame, byte[] indexSalts) throws IOException {
      try (FileChannel c = FileChannel.open(log, StandardOpenOption.READ)) {
        ByteBuffer header = ByteBuffer.allocate(WAL_HEADER);
        if (readFully(c, header, 0) < WAL_HEADER) {
          return null;
        }
        int magic = header.getInt(0);
        byte[] salts = Arrays.copyOfRange(header.array(), 16, 24);
        if ((magic & 0xfffffffe) != WAL_MAGIC || header.getInt(8) != pageSize
            || !Arrays.equals(salts, indexSalts)) {
          return null;
        }
        if (mxFrame > Integer.MAX_VALUE) {
          return null;
        }
        long[] entries = new long[(int) mxFrame];
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER);
        byte[] frameSalts = new byte[8];
        for (long n = 1; n <= mxFrame; n++) {
          frame.clear();
          if (readFully(c, frame, WAL_HEADER + (n - 1) * (FRAME_HEADER + (long) pageSize))
              < FRAME_HEADER) {
            return null;
          }
          frame.position(8);
          frame.get(frameSalts);
          if (!Arrays.equals(frameSalts, salts)) {
            return null;
          }
          long page = Integer.toUnsignedLong(frame.getInt(0));
          entries[(int) n - 1] = page << 32 | n;
          if (n == mxFrame && frame.getInt(4) == 0) {
            return null; // the index's last frame must end a transaction
          }
        }
        Arrays.sort(entries);
        int kept = 0;
        for (int i = 0; i < entries.length; i++) {
          boolean lastOfPage = i + 1 == entries.length
              || entries[i + 1] >>> 32 != entries[i] >>> 32;
          if (lastOfPage) {
            entries[kept++] = entries[i];
          }
        }
        Wal wal = new Wal(Arrays.copyOf(entries, kept), salts);
        return wal.unchanged(c) ? wal : null;
      } catch (NoSuchFileException e) {
        return null;
      }
    }
  }
}
