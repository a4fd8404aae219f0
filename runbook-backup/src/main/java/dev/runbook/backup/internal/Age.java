package dev.runbook.backup.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The age file format (age-encryption.org/v1) with X25519 recipients: streaming encryption and
 * decryption that the {@code age} tool reads and writes. Built on the JDK's X25519, HKDF over
 * HMAC-SHA-256 and ChaCha20-Poly1305. Keys are never part of a message.
 */
public final class Age {

  static final String VERSION_LINE = "age-encryption.org/v1";
  static final int CHUNK = 64 * 1024;
  private static final int TAG = 16;
  private static final int FILE_KEY = 16;
  private static final int MAX_LINE = 4096;
  private static final String X25519_INFO = "age-encryption.org/v1/X25519";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  private Age() {}

  /** Why a file could not be decrypted, as the age specification's test vectors name it. */
  public enum Failure {
    HEADER("header failure"),
    NO_MATCH("no match"),
    HMAC("HMAC failure"),
    PAYLOAD("payload failure");

    private final String expect;

    Failure(String expect) {
      this.expect = expect;
    }

    /** The test vectors' name for it. */
    public String expect() {
      return expect;
    }
  }

  /** A file that cannot be decrypted, and why; never carries key material. */
  public static final class AgeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    AgeException(Failure failure, String message) {
      super("age: " + message);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }

  /** An X25519 recipient: the public key, {@code age1...}. */
  public static final class Recipient {
    private final byte[] publicKey;

    private Recipient(byte[] publicKey) {
      this.publicKey = publicKey;
    }

    /**
     * Parses {@code age1...}.
     *
     * @throws IllegalArgumentException saying what is wrong, never echoing the value
     */
    public static Recipient parse(String text) {
      byte[] key = Bech32.decode(text == null ? "" : text.trim(), "age", false);
      if (key.length != 32) {
        throw new IllegalArgumentException("an age recipient holds 32 bytes; this one holds "
            + key.length);
      }
      return new Recipient(key);
    }

    @Override
    public String toString() {
      return Bech32.encode("age", publicKey, false);
    }
  }

  /** An X25519 identity: the secret key, {@code AGE-SECRET-KEY-1...}. */
  public static final class Identity {
    private final byte[] secret;

    private Identity(byte[] secret) {
      this.secret = secret;
    }

    /**
     * Parses {@code AGE-SECRET-KEY-1...}.
     *
     * @throws IllegalArgumentException saying what is wrong, never echoing the value
     */
    public static Identity parse(String text) {
      byte[] key = Bech32.decode(text == null ? "" : text.trim(), "age-secret-key-", true);
      if (key.length != 32) {
        throw new IllegalArgumentException("an age identity holds 32 bytes; this one holds "
            + key.length);
      }
      return new Identity(key);
    }

    /** A new random identity. */
    public static Identity generate() {
      byte[] secret = new byte[32];
      RANDOM.nextBytes(secret);
      return new Identity(secret);
    }

    /**
     * The identities of an identity file as {@code age-keygen} writes it: one key a line, lines
     * starting with {@code #} and blank lines ignored.
     */
    public static List<Identity> parseFile(String content) {
      List<Identity> identities = new ArrayList<>();
      String[] lines = content.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        try {
          identities.add(parse(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("line " + (i + 1) + " of the identity file is not"
              + " an age X25519 identity (AGE-SECRET-KEY-1...): " + e.getMessage(), e);
        }
      }
      if (identities.isEmpty()) {
        throw new IllegalArgumentException("the identity file holds no AGE-SECRET-KEY-1... line");
      }
      return identities;
    }

    public Recipient recipient() {
      return new Recipient(x25519(secret, basePoint()));
    }

    /** The key in its text form; write it only to a file of mode 0600. */
    public String secretText() {
      return Bech32.encode("age-secret-key-", secret, true);
    }

    @Override
    public String toString() {
      return "age identity for " + recipient(); // never the secret
    }
  }

  // ---------------------------------------------------------------- encryption

  /**
   * Wraps {@code out}: what is written to the result is stored encrypted to {@code recipients}.
   * Closing the result writes the last chunk and closes {@code out}.
   */
  public static OutputStream encrypt(OutputStream out, List<Recipient> recipients)
      throws IOException {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("age encryption needs at least one recipient");
    }
    byte[] fileKey = random(FILE_KEY);
    StringBuilder header = new StringBuilder(VERSION_LINE).append('\n');
    for (Recipient recipient : recipients) {
      byte[] ephemeral = random(32);
      byte[] share = x25519(ephemeral, basePoint());
      byte[] shared = x25519(ephemeral, recipient.publicKey);
      byte[] wrapKey = hkdf(shared, concat(share, recipient.publicKey), X25519_INFO);
      byte[] body = aead(Cipher.ENCRYPT_MODE, wrapKey, new byte[12], fileKey);
      header.append("-> X25519 ").append(B64.encodeToString(share)).append('\n');
      appendBody(header, body);
    }
    header.append("---");
    byte[] mac = hmac(hkdf(fileKey, new byte[0], "header"),
        header.toString().getBytes(StandardCharsets.US_ASCII));
    header.append(' ').append(B64.encodeToString(mac)).append('\n');
    out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
    byte[] nonce = random(16);
    out.write(nonce);
    return new EncryptingStream(out, hkdf(fileKey, nonce, "payload"));
  }

  private static void appendBody(StringBuilder header, byte[] body) {
    String encoded = B64.encodeToString(body);
    int at = 0;
    while (encoded.length() - at >= 64) {
      header.append(encoded, at, at + 64).append('\n');
      at += 64;
    }
    header.append(encoded, at, encoded.length()).append('\n');
  }

  private static final class EncryptingStream extends FilterOutputStream {
    private final Stream stream;
    private final byte[] buffer = new byte[CHUNK];
    private int filled;
    private boolean closed;

    EncryptingStream(OutputStream out, byte[] key) {
      super(out);
      this.stream = new Stream(key);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == CHUNK) { // more follows: the full chunk is not the last
          out.write(stream.seal(buffer, CHUNK, false));
          filled = 0;
        }
        int n = Math.min(len, CHUNK - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        try {
          out.write(stream.seal(buffer, filled, true));
          out.flush();
        } finally {
          out.close();
        }
      }
    }
  }

  /** STREAM: ChaCha20-Poly1305 with an 11-byte counter and a last-chunk flag as the nonce. */
  private static final class Stream {
    private final byte[] key;
    private long counter;
    private final Cipher cipher;

    Stream(byte[] key) {
      this.key = key;
      try {
        this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK has no ChaCha20-Poly1305", e);
      }
    }

    private IvParameterSpec nonce(boolean last) {
      byte[] nonce = new byte[12];
      long c = counter;
      for (int i = 10; i >= 0 && c != 0; i--) {
        nonce[i] = (byte) c;
        c >>>= 8;
      }
      nonce[11] = (byte) (last ? 1 : 0);
      return new IvParameterSpec(nonce);
    }

    byte[] seal(byte[] plain, int length, boolean last) throws IOException {
      try {
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), nonce(last));
        counter++;
        return cipher.doFinal(plain, 0, length);
      } catch (GeneralSecurityException e) {
        throw new IOException("age: encrypting a chunk failed: " + e.getMessage(), e);
      }
    }

    byte[] open(byte[] sealed, int length, boolean last) throws AEADBadTagException {
      try {
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), nonce(last));
        byte[] plain = cipher.doFinal(sealed, 0, length);
        counter++;
        return plain;
      } catch (AEADBadTagException e) {
        throw e;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("ChaCha20-Poly1305 refused its input: " + e, e);
      }
    }
  }

  // ---------------------------------------------------------------- decryption

  /**
   * Reads the header of an age file from {@code in} and returns the decrypted payload as a
   * stream; each chunk is authenticated before a byte of it is returned.
   *
   * @throws AgeException for a header that does not parse, no stanza for these identities, or a
   *     header MAC that does not match
   */
  public static InputStream decrypt(InputStream in, List<Identity> identities)
      throws IOException {
    Header header = Header.read(in);
    byte[] fileKey = null;
    for (Stanza stanza : header.stanzas) {
      if (!stanza.type.equals("X25519")) {
        continue; // another kind of recipient, or grease
      }
      for (Identity identity : identities) {
        fileKey = unwrap(stanza, identity);
        if (fileKey != null) {
          break;
        }
      }
      if (fileKey != null) {
        break;
      }
    }
    if (fileKey == null) {
      throw new AgeException(Failure.NO_MATCH, "no recipient stanza in the header is for the"
          + " identities given; check that the identity file matches the recipient the backup"
          + " was encrypted to");
    }
    byte[] mac = hmac(hkdf(fileKey, new byte[0], "header"), header.macInput);
    if (!MessageDigest.isEqual(mac, header.mac)) {
      throw new AgeException(Failure.HMAC, "the header's MAC does not match: the header was"
          + " altered");
    }
    byte[] nonce = in.readNBytes(16);
    if (nonce.length < 16) {
      throw new AgeException(Failure.HEADER, "the file ends before the payload's nonce");
    }
    return new DecryptingStream(in, new Stream(hkdf(fileKey, nonce, "payload")));
  }

  private static byte[] unwrap(Stanza stanza, Identity identity) throws AgeException {
    if (stanza.args.size() != 1) {
      throw new AgeException(Failure.HEADER, "an X25519 stanza has " + stanza.args.size()
          + " arguments; it must have 1");
    }
    byte[] share = base64(stanza.args.get(0));
    if (share.length != 32) {
      throw new AgeException(Failure.HEADER, "an X25519 stanza's share is " + share.length
          + " bytes; it must be 32");
    }
    if (stanza.body.length != FILE_KEY + TAG) {
      throw new AgeException(Failure.HEADER, "an X25519 stanza's body is "
          + stanza.body.length + " bytes; it must be 32");
    }
    byte[] shared;
    try {
      shared = x25519(identity.secret, share);
    } catch (IllegalStateException e) {
      throw new AgeException(Failure.HEADER, "an X25519 stanza's share is not a usable point");
    }
    if (MessageDigest.isEqual(shared, new byte[32])) {
      throw new AgeException(Failure.HEADER, "an X25519 stanza's share is a low-order point");
    }
    byte[] recipient = x25519(identity.secret, basePoint());
    byte[] wrapKey = hkdf(shared, concat(share, recipient), X25519_INFO);
    try {
      return aeadOpen(wrapKey, stanza.body);
    } catch (AEADBadTagException e) {
      return null; // not for this identity
    }
  }

  private static final class DecryptingStream extends InputStream {
    private final InputStream in;
    private final Stream stream;
    private final byte[] sealed = new byte[CHUNK + TAG];
    private byte[] plain = new byte[0];
    private int at;
    private boolean done;
    private boolean first = true;
    private boolean ended;

    DecryptingStream(InputStream in, Stream stream) {
      this.in = in;
      this.stream = stream;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (at == plain.length) {
        if (done) {
          if (!ended && in.read() >= 0) {
            throw new AgeException(Failure.PAYLOAD, "data follows the payload's final chunk");
          }
          ended = true;
          return -1;
        }
        next();
      }
      int n = Math.min(len, plain.length - at);
      System.arraycopy(plain, at, b, off, n);
      at += n;
      return n;
    }

    private void next() throws IOException {
      int n = in.readNBytes(sealed, 0, sealed.length);
      if (n == 0) {
        throw new AgeException(Failure.PAYLOAD, first ? "the payload has no chunk"
            : "the payload ends without its final chunk: the file is cut short");
      }
      if (n < TAG) {
        throw new AgeException(Failure.PAYLOAD, "the payload ends inside a chunk: the file is"
            + " cut short");
      }
      // a full chunk is the last one only if it says so; a shorter one must be the last
      boolean last = n < sealed.length;
      try {
        plain = stream.open(sealed, n, last);
      } catch (AEADBadTagException e) {
        if (last) {
          throw unauthentic();
        }
        try {
          plain = stream.open(sealed, n, true);
          last = true;
        } catch (AEADBadTagException again) {
          throw unauthentic();
        }
      }
      if (last && plain.length == 0 && !first) {
        throw new AgeException(Failure.PAYLOAD, "the payload ends with an empty chunk");
      }
      at = 0;
      first = false;
      done = last;
    }

    private AgeException unauthentic() {
      return new AgeException(Failure.PAYLOAD, "chunk " + (stream.counter + 1) + " of the"
          + " payload does not authenticate: the file is damaged, cut short or altered");
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  // ---------------------------------------------------------------- header

  private static final class Stanza {
    final String type;
    final List<String> args;
    final byte[] body;

    Stanza(String type, List<String> args, byte[] body) {
      this.type = type;
      this.args = args;
      this.body = body;
    }
  }

  private static final class Header {
    final List<Stanza> stanzas;
    final byte[] macInput;
    final byte[] mac;

    Header(List<Stanza> stanzas, byte[] macInput, byte[] mac) {
      this.stanzas = stanzas;
      this.macInput = macInput;
      this.mac = mac;
    }

    static Header read(InputStream in) throws IOException {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      String version = line(in, raw);
      if (!version.equals(VERSION_LINE)) {
        throw new AgeException(Failure.HEADER, "not an age v1 file (its first line is not "
            + VERSION_LINE + ")");
      }
      List<Stanza> stanzas = new ArrayList<>();
      String line = line(in, raw);
      while (line.startsWith("->")) {
        if (!line.startsWith("-> ")) {
          throw new AgeException(Failure.HEADER, "a stanza line has no arguments");
        }
        String[] parts = line.substring(3).split(" ", -1);
        for (String part : parts) {
          if (part.isEmpty()) {
            throw new AgeException(Failure.HEADER, "a stanza has an empty argument");
          }
          for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < 33 || c > 126) {
              throw new AgeException(Failure.HEADER, "a stanza argument holds a character"
                  + " outside printable ASCII");
            }
          }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
          String bodyLine = line(in, raw);
          if (bodyLine.length() > 64) {
            throw new AgeException(Failure.HEADER, "a stanza body line is longer than 64");
          }
          body.writeBytes(base64(bodyLine));
          if (bodyLine.length() < 64) {
            break;
          }
        }
        stanzas.add(new Stanza(parts[0], List.of(parts).subList(1, parts.length),
            body.toByteArray()));
        line = line(in, raw);
      }
      if (!line.startsWith("--- ")) {
        throw new AgeException(Failure.HEADER, "the header does not end with its MAC line");
      }
      if (stanzas.isEmpty()) {
        throw new AgeException(Failure.HEADER, "the header has no recipient stanza");
      }
      if (stanzas.size() > 1 && stanzas.stream().anyMatch(s -> s.type.equals("scrypt"))) {
        throw new AgeException(Failure.HEADER, "an scrypt stanza must be the only one");
      }
      String macText = line.substring(4);
      byte[] mac = base64(macText);
      if (mac.length != 32) {
        throw new AgeException(Failure.HEADER, "the header MAC is not 32 bytes");
      }
      byte[] all = raw.toByteArray();
      // the MAC covers the header up to and including "---", not the space and MAC after it
      byte[] macInput = Arrays.copyOf(all, all.length - 1 - macText.length() - 1);
      return new Header(stanzas, macInput, mac);
    }

    /** One header line without its LF; CR, other control bytes and overlong lines fail. */
    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new AgeException(Failure.HEADER, "the header ends before its MAC line");
        }
        raw.write(b);
        if (b == '\n') {
          return line.toString();
        }
        if (b < 32 || b > 126) {
          throw new AgeException(Failure.HEADER, "the header holds a byte that is not"
              + " printable ASCII");
        }
        if (line.length() >= MAX_LINE) {
          throw new AgeException(Failure.HEADER, "a header line is longer than " + MAX_LINE);
        }
        line.append((char) b);
      }
    }
  }

  /** Canonical unpadded base64, as the header requires. */
  private static byte[] base64(String text) throws AgeException {
    byte[] decoded;
    try {
      if (text.indexOf('=') >= 0) {
        throw new IllegalArgumentException("padding");
      }
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new AgeException(Failure.HEADER, "the header holds text that is not unpadded"
          + " base64");
    }
    if (!B64.encodeToString(decoded).equals(text)) {
      throw new AgeException(Failure.HEADER, "the header holds base64 that is not canonical");
    }
    return decoded;
  }

  // ---------------------------------------------------------------- primitives

  private static byte[] basePoint() {
    byte[] nine = new byte[32];
    nine[0] = 9;
    return nine;
  }

  /** X25519(scalar, u), both little-endian as RFC 7748 writes them. */
  static byte[] x25519(byte[] scalar, byte[] u) {
    try {
      KeyFactory factory = KeyFactory.getInstance("XDH");
      byte[] masked = u.clone();
      masked[31] &= 0x7f;
      PublicKey point = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
          new BigInteger(1, reversed(masked))));
      PrivateKey key = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
          scalar.clone()));
      KeyAgreement agreement = KeyAgreement.getInstance("XDH");
      agreement.init(key);
      agreement.doPhase(point, true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      // the JDK refuses a low-order point outright
      throw new IllegalStateException("X25519 refused the point", e);
    }
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  /** HKDF-SHA-256 (RFC 5869) to 32 bytes. */
  static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    byte[] prk = hmac(salt.length == 0 ? new byte[32] : salt, ikm);
    byte[] infoBytes = info.getBytes(StandardCharsets.US_ASCII);
    return hmac(prk, concat(infoBytes, new byte[] {1}));
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HMAC-SHA-256", e);
    }
  }

  private static byte[] aead(int mode, byte[] key, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 failed: " + e, e);
    }
  }

  private static byte[] aeadOpen(byte[] key, byte[] sealed) throws AEADBadTagException {
    try {
      Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
          new IvParameterSpec(new byte[12]));
      return cipher.doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 failed: " + e, e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Bech32 (BIP 173), as age encodes its keys; no length limit. */
  static final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR =
        {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    private Bech32() {}

    static String encode(String hrp, byte[] data, boolean upper) {
      int[] values = convert(data, 8, 5, true);
      int[] checksum = checksum(hrp, values);
      StringBuilder out = new StringBuilder(hrp).append('1');
      for (int v : values) {
        out.append(CHARSET.charAt(v));
      }
      for (int v : checksum) {
        out.append(CHARSET.charAt(v));
      }
      return upper ? out.toString().toUpperCase(Locale.ROOT) : out.toString();
    }

    /** The data of {@code text}, which must carry {@code hrp} in the case age uses for it. */
    static byte[] decode(String text, String hrp, boolean upper) {
      String expected = upper ? hrp.toUpperCase(Locale.ROOT) + "1" : hrp + "1";
      if (!text.startsWith(expected)) {
        throw new IllegalArgumentException("it does not start with " + expected);
      }
      if (!text.equals(upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("it mixes upper and lower case");
      }
      String lower = text.toLowerCase(Locale.ROOT);
      String data = lower.substring(hrp.length() + 1);
      if (data.length() < 6) {
        throw new IllegalArgumentException("it is too short");
      }
      int[] values = new int[data.length()];
      for (int i = 0; i < data.length(); i++) {
        values[i] = CHARSET.indexOf(data.charAt(i));
        if (values[i] < 0) {
          throw new IllegalArgumentException("it holds a character Bech32 does not use");
        }
      }
      if (polymod(hrp, values) != 1) {
        throw new IllegalArgumentException("its checksum does not match (a typing error?)");
      }
      int[] bytes = convert(Arrays.copyOf(values, values.length - 6), 5, 8, false);
      byte[] out = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        out[i] = (byte) bytes[i];
      }
      return out;
    }

    private static int polymod(String hrp, int[] values) {
      int chk = 1;
      for (int i = 0; i < hrp.length(); i++) {
        chk = step(chk, hrp.charAt(i) >> 5);
      }
      chk = step(chk, 0);
      for (int i = 0; i < hrp.length(); i++) {
        chk = step(chk, hrp.charAt(i) & 31);
      }
      for (int v : values) {
        chk = step(chk, v);
      }
      return chk;
    }

    private static int step(int chk, int value) {
      int top = chk >>> 25;
      chk = (chk & 0x1ffffff) << 5 ^ value;
      for (int i = 0; i < 5; i++) {
        if ((top >>> i & 1) != 0) {
          chk ^= GENERATOR[i];
        }
      }
      return chk;
    }

    private static int[] checksum(String hrp, int[] values) {
      int[] padded = Arrays.copyOf(values, values.length + 6);
      int mod = polymod(hrp, padded) ^ 1;
      int[] out = new int[6];
      for (int i = 0; i < 6; i++) {
        out[i] = mod >>> 5 * (5 - i) & 31;
      }
      return out;
    }

    private static int[] convert(byte[] data, int from, int to, boolean pad) {
      int[] in = new int[data.length];
      for (int i = 0; i < data.length; i++) {
        in[i] = data[i] & 0xff;
      }
      return convert(in, from, to, pad);
    }

    private static int[] convert(int[] data, int from, int to, boolean pad) {
      int acc = 0;
      int bits = 0;
      int max = (1 << to) - 1;
      List<Integer> out = new ArrayList<>();
      for (int value : data) {
        acc = acc << from | value;
        bits += from;
        while (bits >= to) {
          bits -= to;
          out.add(acc >>> bits & max);
        }
      }
      if (pad) {
        if (bits > 0) {
          out.add(acc << to - bits & max);
        }
      } else if (bits >= from || (acc << to - bits & max) != 0) {
        throw new IllegalArgumentException("its padding is not canonical");
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
