package dev.runbook.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the tar streams {@link TarWriter} writes (ustar with pax extended headers), checking each
 * header's checksum and that the archive ends with its zero blocks. A damaged archive is an {@link
 * IOException} saying which entry and what is wrong.
 */
public final class TarReader {

  private final InputStream in;
  private final byte[] block = new byte[TarWriter.BLOCK];
  private TarWriter.Entry current;
  private long remaining;
  private long padding;
  private String last = "the start of the archive";

  public TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end of the archive; the previous entry's data is skipped. */
  public TarWriter.Entry next() throws IOException {
    skipRest();
    Map<String, String> pax = new HashMap<>();
    while (true) {
      if (!readBlock()) {
        throw new IOException("archive ends without its end-of-archive blocks after " + last
            + "; it is truncated");
      }
      if (isZero(block)) {
        if (!readBlock() || !isZero(block)) {
          throw new IOException("archive has one end-of-archive block after " + last
              + " instead of two; it is truncated or damaged");
        }
        return null;
      }
      TarWriter.Entry header = parse(block);
      if (header.type() == TarWriter.PAX) {
        byte[] body = in.readNBytes((int) header.size());
        if (body.length != header.size()) {
          throw new IOException("extended header after " + last + " is truncated");
        }
        skipFully(padFor(header.size()));
        pax.putAll(parsePax(body));
        continue;
      }
      String path = pax.getOrDefault("path", header.path());
      String link = pax.getOrDefault("linkpath", header.link());
      long size = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : header.size();
      current = new TarWriter.Entry(path, header.type(), header.mode(), header.uid(), header.gid(),
          header.user(), header.group(), size, header.mtimeSeconds(), link);
      remaining = header.type() == TarWriter.FILE ? size : 0;
      padding = padFor(remaining);
      last = "entry " + path;
      return current;
    }
  }

  /** Copies the current file's data to {@code out}. */
  public void copyTo(OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new IOException(current.path() + " is truncated: " + remaining
            + " bytes of its data are missing");
      }
      out.write(buffer, 0, n);
      remaining -= n;
    }
    skipFully(padding);
    padding = 0;
  }

  private void skipRest() throws IOException {
    if (remaining > 0 || padding > 0) {
      copyTo(OutputStream.nullOutputStream());
    }
  }

  private boolean readBlock() throws IOException {
    int n = in.readNBytes(block, 0, TarWriter.BLOCK);
    if (n == 0) {
      return false;
    }
    if (n < TarWriter.BLOCK) {
      throw new IOException("archive ends in the middle of a header after " + last
          + "; it is truncated");
    }
    return true;
  }

  private void skipFully(long n) throws IOException {
    long skipped = in.readNBytes((int) n).length;
    if (skipped != n) {
      throw new IOException("archive is truncated after " + last);
    }
  }

  private static long padFor(long size) {
    long rest = size % TarWriter.BLOCK;
    return rest == 0 ? 0 : TarWriter.BLOCK - rest;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private TarWriter.Entry parse(byte[] h) throws IOException {
    long stored = octal(h, 148, 8);
    long sum = 0;
    for (int i = 0; i < h.length; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    if (stored != sum) {
      throw new IOException("header after " + last + " has checksum " + stored
          + " but its bytes sum to " + sum + "; the archive is damaged");
    }
    if (!"ustar".equals(text(h, 257, 6))) {
      throw new IOException("header after " + last + " is not a ustar header");
    }
    String name = text(h, 0, 100);
    String prefix = text(h, 345, 155);
    String path = prefix.isEmpty() ? name : prefix + "/" + name;
    char type = h[156] == 0 ? TarWriter.FILE : (char) h[156];
    String link = text(h, 157, 100);
    return new TarWriter.Entry(path, type, (int) octal(h, 100, 8), octal(h, 108, 8),
        octal(h, 116, 8), text(h, 265, 32), text(h, 297, 32), octal(h, 124, 12),
        octal(h, 136, 12), link.isEmpty() ? null : link);
  }

  private Map<String, String> parsePax(byte[] body) throws IOException {
    Map<String, String> records = new HashMap<>();
    int pos = 0;
    while (pos < body.length) {
      int space = pos;
      while (space < body.length && body[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(body, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("extended header after " + last + " is damaged");
      }
      if (length <= 0 || pos + length > body.length) {
        throw new IOException("extended header after " + last + " is damaged");
      }
      String record = new String(body, space + 1, pos + length - space - 2,
          StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        records.put(record.substring(0, eq), record.substring(eq + 1));
      }
      pos += length;
    }
    return records;
  }

  private static String text(byte[] h, int offset, int length) {
    int end = offset;
    while (end < offset + length && h[end] != 0) {
      end++;
    }
    return new String(h, offset, end - offset, StandardCharsets.UTF_8);
  }

  private long octal(byte[] h, int offset, int length) throws IOException {
    String digits = text(h, offset, length).trim();
    if (digits.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new IOException("header after " + last + " has a damaged number field \"" + digits
          + "\"");
    }
  }
}
