package dev.runbook.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The age format against the C2SP CCTV test vectors (a verbatim copy of
 * ../shared/specs/age-testdata in the test resources), against the {@code age} tool both ways,
 * and round trips at every chunk boundary.
 */
class AgeTest {

  @TempDir Path tmp;

  /** One vector: its textual header and the age file after it. */
  record Vector(String name, Map<String, String> fields, byte[] file) {

    static Vector read(Path path) throws IOException {
      byte[] all = Files.readAllBytes(path);
      Map<String, String> fields = new LinkedHashMap<>();
      int at = 0;
      while (true) {
        int end = indexOf(all, (byte) '\n', at);
        String line = new String(all, at, end - at, StandardCharsets.UTF_8);
        at = end + 1;
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(": ");
        fields.merge(line.substring(0, colon), line.substring(colon + 2), (a, b) -> a + "\n" + b);
      }
      byte[] file = java.util.Arrays.copyOfRange(all, at, all.length);
      if ("zlib".equals(fields.get("compressed"))) {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(file))) {
          file = in.readAllBytes();
        }
      }
      return new Vector(path.getFileName().toString(), fields, file);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
      for (int i = from; i < bytes.length; i++) {
        if (bytes[i] == b) {
          return i;
        }
      }
      throw new IllegalStateException("no end of line");
    }

    /** Armor, passphrases and post-quantum identities are not this implementation's. */
    String notApplicable() {
      if (fields.containsKey("armored")) {
        return "armored";
      }
      if (fields.containsKey("passphrase")) {
        return "scrypt passphrase";
      }
      String identity = fields.get("identity");
      if (identity != null && Stream.of(identity.split("\n"))
          .anyMatch(line -> !line.startsWith("AGE-SECRET-KEY-1"))) {
        return "not an X25519 identity";
      }
      return null;
    }
  }

  private static Path vectors() throws URISyntaxException {
    return Path.of(AgeTest.class.getResource("/age-testdata/x25519").toURI()).getParent();
  }

  @Test
  void everyApplicableTestVectorEndsAsItsExpectLineSays() throws Exception {
    List<String> wrong = new ArrayList<>();
    Map<String, Integer> skipped = new LinkedHashMap<>();
    int applied = 0;
    int x25519 = 0;
    try (Stream<Path> files = Files.list(vectors())) {
      for (Path path : files.sorted().toList()) {
        String name = path.getFileName().toString();
        if (name.equals("LICENSE") || name.equals("README.md")) {
          continue;
        }
        Vector v = Vector.read(path);
        String why = v.notApplicable();
        if (why != null) {
          skipped.merge(why, 1, Integer::sum);
          continue;
        }
        applied++;
        x25519 += name.startsWith("x25519") ? 1 : 0;
        List<Age.Identity> identities = new ArrayList<>();
        if (v.fields().containsKey("identity")) {
          for (String line : v.fields().get("identity").split("\n")) {
            identities.add(Age.Identity.parse(line));
          }
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        String outcome = "success";
        try (InputStream in = Age.decrypt(new ByteArrayInputStream(v.file()), identities)) {
          byte[] buffer = new byte[8192];
          for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
          }
        } catch (Age.AgeException e) {
          outcome = e.failure().expect();
        }
        String expect = v.fields().get("expect");
        String payload = HexFormat.of().formatHex(digest.digest());
        if (!outcome.equals(expect)) {
          wrong.add(name + ": expected " + expect + ", got " + outcome);
        } else if (v.fields().containsKey("payload") && !payload.equals(v.fields().get("payload"))) {
          wrong.add(name + ": the payload released hashes to " + payload + ", not "
              + v.fields().get("payload"));
        }
      }
    }
    System.out.printf("age test vectors: %d of %d applied passed; not applicable: %s%n",
        applied - wrong.size(), applied, skipped);
    assertThat(wrong).isEmpty();
    assertThat(x25519).as("every x25519 vector applies").isEqualTo(14);
    assertThat(applied).as("armor, scrypt and post-quantum vectors aside").isEqualTo(67);
  }

  private static byte[] encrypt(byte[] plain, List<Age.Recipient> recipients) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = Age.encrypt(out, recipients)) {
      enc.write(plain);
    }
    return out.toByteArray();
  }

  private static byte[] decrypt(byte[] file, List<Age.Identity> identities) throws IOException {
    try (InputStream in = Age.decrypt(new ByteArrayInputStream(file), identities)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65535, 65536, 65537, 3 * 65536, 3 * 65536 + 7})
  void roundTripsAtEveryChunkBoundary(int size) throws Exception {
    byte[] plain = new byte[size];
    new SplittableRandom(size).nextBytes(plain);
    Age.Identity identity = Age.Identity.generate();
    Age.Identity other = Age.Identity.generate();
    byte[] file = encrypt(plain, List.of(other.recipient(), identity.recipient()));
    int chunks = Math.max(1, (size + Age.CHUNK - 1) / Age.CHUNK);
    assertThat(file.length).as("header, nonce and one tag a chunk")
        .isGreaterThan(size + 16 + 16 * chunks);
    assertThat(decrypt(file, List.of(identity))).isEqualTo(plain);
    assertThat(decrypt(file, List.of(other))).isEqualTo(plain);
    assertThatThrownBy(() -> decrypt(file, List.of(Age.Identity.generate())))
        .isInstanceOfSatisfying(Age.AgeException.class,
            e -> assertThat(e.failure()).isEqualTo(Age.Failure.NO_MATCH));
    if (size > 0) {
      byte[] cut = java.util.Arrays.copyOf(file, file.length - 1);
      assertThatThrownBy(() -> decrypt(cut, List.of(identity)))
          .isInstanceOfSatisfying(Age.AgeException.class,
              e -> assertThat(e.failure()).isEqualTo(Age.Failure.PAYLOAD));
    }
  }

  @Test
  void keysRoundTripThroughTheirTextAndBadKeysAreRefusedWithoutEchoingThem() {
    Age.Identity identity = Age.Identity.generate();
    String secret = identity.secretText();
    assertThat(secret).startsWith("AGE-SECRET-KEY-1").isUpperCase();
    assertThat(Age.Identity.parse(secret).recipient().toString())
        .isEqualTo(identity.recipient().toString()).startsWith("age1");
    assertThat(identity.toString()).doesNotContain(secret.substring(16));
    String typo = secret.substring(0, 20) + (secret.charAt(20) == 'Q' ? 'P' : 'Q')
        + secret.substring(21);
    assertThatThrownBy(() -> Age.Identity.parse(typo)).hasMessageContaining("checksum")
        .hasMessageNotContaining(typo.substring(16));
    assertThatThrownBy(() -> Age.Recipient.parse(secret))
        .hasMessageContaining("does not start with age1").hasMessageNotContaining(secret);
    assertThat(Age.Identity.parseFile("# created: now\n# public key: "
        + identity.recipient() + "\n" + secret + "\n")).hasSize(1);
  }

  /** The {@code age} tool, or the test is skipped with the reason (never under CI). */
  private static void requireAgeTool() {
    boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "age")));
    if (!present) {
      String reason = "the age tool is not on PATH (Debian package age)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("under CI=true this test must run: " + reason);
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
  }

  private static void run(Path stdin, Path stdout, String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectInput(stdin.toFile())
        .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
  }

  @Test
  void theAgeToolDecryptsWhatRunbookEncryptsAndTheOtherWayRound() throws Exception {
    requireAgeTool();
    byte[] plain = new byte[200_000];
    new SplittableRandom(7).nextBytes(plain);
    Path plainFile = Files.write(tmp.resolve("plain"), plain);
    Age.Identity identity = Age.Identity.generate();
    Path identityFile = Files.writeString(tmp.resolve("key.txt"), identity.secretText() + "\n");

    Path ours = Files.write(tmp.resolve("ours.age"), encrypt(plain, List.of(identity.recipient())));
    Path back = tmp.resolve("back");
    run(ours, back, "age", "-d", "-i", identityFile.toString());
    assertThat(Files.readAllBytes(back)).isEqualTo(plain);

    Path theirs = tmp.resolve("theirs.age");
    run(plainFile, theirs, "age", "-r", identity.recipient().toString());
    assertThat(decrypt(Files.readAllBytes(theirs), List.of(identity))).isEqualTo(plain);
  }
}
