package dev.runbook.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX.1-2001 (pax) tar stream, which GNU tar, bsdtar and busybox all read: a ustar
 * header per entry, preceded by a pax extended header when a path or link is too long or not
 * ASCII, or a file is 8 GiB or more. Entries are streamed; nothing is buffered but one block.
 */
public final class TarWriter {

  static final int BLOCK = 512;
  private static final long MAX_OCTAL_SIZE = 077777777777L;

  private final OutputStream out;

  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /** What one entry's header records. */
  public record Entry(String path, char type, int mode, long uid, long gid, String user,
      String group, long size, long mtimeSeconds, String link) {}

  public static final char FILE = '0';
  public static final char SYMLINK = '2';
  public static final char DIRECTORY = '5';
  static final char PAX = 'x';

  /** Writes the header, then {@code size} bytes of {@code content} (for files) and padding. */
  public void write(Entry entry, InputStream content) throws IOException {
    StringBuilder pax = new StringBuilder();
    if (!fits(entry.path(), 100)) {
      pax.append(record("path", entry.path()));
    }
    if (entry.link() != null && !fits(entry.link(), 100)) {
      pax.append(record("linkpath", entry.link()));
    }
    if (entry.size() > MAX_OCTAL_SIZE) {
      pax.append(record("size", Long.toString(entry.size())));
    }
    if (pax.length() > 0) {
      byte[] body = pax.toString().getBytes(StandardCharsets.UTF_8);
      out.write(header(new Entry("PaxHeaders/" + ascii(entry.path()), PAX, 0644, 0, 0, "", "",
          body.length, entry.mtimeSeconds(), null)));
      out.write(body);
      pad(body.length);
    }
    out.write(header(entry));
    if (entry.type() == FILE) {
      byte[] buffer = new byte[64 * 1024];
      long left = entry.size();
      while (left > 0) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(entry.path() + " shrank while it was read (" + left + " of "
              + entry.size() + " bytes missing); back it up again when it is not being written");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
      pad(entry.size());
    }
  }

  /** The two zero blocks that end an archive. */
  public void finish() throws IOException {
    out.write(new byte[BLOCK * 2]);
    out.flush();
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  private static boolean fits(String text, int length) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= length && bytes.length == text.length();
  }

  private static String ascii(String path) {
    String cleaned = path.replaceAll("[^\\x20-\\x7e]", "_");
    return cleaned.length() > 80 ? cleaned.substring(cleaned.length() - 80) : cleaned;
  }

  /** A pax record: its decimal length (counting itself), key=value and a newline. */
  static String record(String key, String value) {
    int body = 1 + key.length() + 1 + value.getBytes(StandardCharsets.UTF_8).length + 1;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++;
    }
    return length + " " + key + "=" + value + "\n";
  }

  private static byte[] header(Entry e) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, fits(e.path(), 100) ? e.path() : ascii(e.path()));
    octal(h, 100, 8, e.mode() & 07777);
    octal(h, 108, 8, Math.min(e.uid(), 07777777));
    octal(h, 116, 8, Math.min(e.gid(), 07777777));
    octal(h, 124, 12, e.size() > MAX_OCTAL_SIZE ? 0 : e.size());
    octal(h, 136, 12, Math.max(0, e.mtimeSeconds()));
    h[156] = (byte) e.type();
    if (e.link() != null) {
      put(h, 157, 100, fits(e.link(), 100) ? e.link() : ascii(e.link()));
    }
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, e.user() == null ? "" : ascii(e.user()));
    put(h, 297, 32, e.group() == null ? "" : ascii(e.group()));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String checksum = String.format("%06o", sum);
    put(h, 148, 7, checksum);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int offset, int length, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, h, offset, Math.min(bytes.length, length));
  }

  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
    put(h, offset, length - 1, padded);
  }
}
