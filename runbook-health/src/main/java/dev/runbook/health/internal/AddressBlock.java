package dev.runbook.health.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address or CIDR block, parsed from literals only: text that is not an IP literal is
 * rejected, never looked up in DNS. IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) are
 * treated as the IPv4 address they carry, so an IPv4 allowlist works on dual-stack sockets.
 */
public final class AddressBlock {

  private final byte[] network;
  private final int prefix;
  private final String text;

  private AddressBlock(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1}, {@code 2001:db8::/32}.
   *
   * @throws IllegalArgumentException quoting the entry and saying what is wrong
   */
  public static AddressBlock parse(String entry) {
    String text = entry == null ? "" : entry.trim();
    int slash = text.indexOf('/');
    String addressPart = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = literal(addressPart).orElseThrow(() -> new IllegalArgumentException(
        "\"" + entry + "\" is not an IP address or CIDR block"));
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String prefixText = text.substring(slash + 1);
      if (!prefixText.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(prefixText) > bits) {
        throw new IllegalArgumentException("\"" + entry + "\" has prefix length \"" + prefixText
            + "\"; use 0 to " + bits + " for an " + (bits == 32 ? "IPv4" : "IPv6") + " block");
      }
      prefix = Integer.parseInt(prefixText);
    }
    byte[] network = mask(bytes, prefix);
    if (!java.util.Arrays.equals(network, bytes)) {
      String suggestion;
      try {
        suggestion = InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalArgumentException("\"" + entry + "\" has host bits set after the /"
          + prefix + " prefix; did you mean " + suggestion + "?");
    }
    return new AddressBlock(network, prefix, text);
  }

  /**
   * An IP literal, or empty. Accepts canonical dotted-quad IPv4 (exactly four decimal parts, each
   * 0-255, no leading zeros)
   * and IPv6 (hex digits, colons, an optional embedded IPv4 tail, optional brackets). Zone ids
   * ({@code %eth0}) are dropped.
   */
  public static Optional<InetAddress> literal(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    String s = text;
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0 && s.indexOf(':') >= 0) {
      s = s.substring(0, zone);
    }
    if (s.indexOf(':') >= 0) {
      if (!s.matches("[0-9A-Fa-f:.]+")) {
        return Optional.empty();
      }
      int tail = s.lastIndexOf(':');
      if (s.indexOf('.') >= 0 && !isDottedQuad(s.substring(tail + 1))) {
        return Optional.empty(); // an embedded IPv4 tail is held to the same canonical form
      }
    } else if (!isDottedQuad(s)) {
      return Optional.empty();
    }
    try {
      // Only literals reach this point, so getByName parses and never resolves.
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * Four decimal parts, 0-255, without leading zeros: {@code 010.0.0.1} reads as octal to some
   * parsers and as decimal to others, a known way past allowlists, so it is no address here.
   */
  private static boolean isDottedQuad(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length
        && java.util.Arrays.equals(mask(bytes, prefix), network);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
