package dev.runbook.backup.internal;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.Manifest;
import dev.runbook.backup.report.FileProblem;
import dev.runbook.backup.report.VerifyResult;
import dev.runbook.core.Redactor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one backup folder against its manifest: the checksum file, the manifest, every artifact's
 * size, SHA-256 and compressed stream (one read per file), and that nothing unexpected is there.
 * Every problem names its file.
 */
public final class FolderVerifier {

  private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

  private final Clock clock;
  private final Redactor redactor;

  private final ArtifactCrypto crypto;

  public FolderVerifier(Clock clock, Redactor redactor) {
    this(clock, redactor, ArtifactCrypto.none());
  }

  public FolderVerifier(Clock clock, Redactor redactor, ArtifactCrypto crypto) {
    this.clock = clock;
    this.redactor = redactor;
    this.crypto = crypto;
  }

  /** The verification and, when it could be read, the manifest. */
  public record Outcome(VerifyResult result, Manifest manifest) {}

  public Outcome verify(String id, Path folder) {
    return verify(id, folder, true);
  }

  /**
   * Verifies the folder; with {@code content} false each artifact is checked for presence and
   * size only, for a drill that hashes and decodes it while restoring ({@link #content}).
   */
  public Outcome verify(String id, Path folder, boolean content) {
    Instant start = clock.instant();
    List<FileProblem> problems = new ArrayList<>();
    int[] files = {0};
    Manifest manifest = check(folder, problems, files, content);
    VerifyResult result = new VerifyResult(id, folder, start,
        Math.max(0, Duration.between(start, clock.instant()).toMillis()), files[0], problems);
    return new Outcome(result, manifest);
  }

  private Manifest check(Path folder, List<FileProblem> problems, int[] files,
      boolean content) {
    if (!Files.isDirectory(folder)) {
      problems.add(new FileProblem(folder.toString(), "is not a backup folder (no such folder)"));
      return null;
    }
    Map<String, String> sums = readSums(folder, problems);
    files[0]++;
    Path manifestFile = folder.resolve(Layout.MANIFEST);
    byte[] json;
    try {
      json = Files.readAllBytes(manifestFile);
      files[0]++;
    } catch (IOException e) {
      problems.add(new FileProblem(Layout.MANIFEST, "missing or unreadable: " + redactor.redact(e)));
      return null;
    }
    String actual = MeasuredOutputStream.sha256Hex(json);
    String listed = sums == null ? null : sums.get(Layout.MANIFEST);
    if (sums != null && listed == null) {
      problems.add(new FileProblem(Layout.CHECKSUMS, "has no line for " + Layout.MANIFEST));
    } else if (listed != null && !listed.equals(actual)) {
      problems.add(new FileProblem(Layout.MANIFEST, "SHA-256 is " + actual + " but "
          + Layout.CHECKSUMS + " says " + listed + "; one of the two files is damaged"));
    }
    Manifest manifest;
    try {
      manifest = Json.read(json, Manifest.class);
      requireFields(manifest);
    } catch (IOException | RuntimeException e) {
      problems.add(new FileProblem(Layout.MANIFEST, "cannot be read as a backup manifest: "
          + firstLine(redactor.redact(e))));
      return null;
    }
    if (manifest.formatVersion() > Manifest.FORMAT_VERSION) {
      problems.add(new FileProblem(Layout.MANIFEST, "has format version "
          + manifest.formatVersion() + ", newer than this library reads ("
          + Manifest.FORMAT_VERSION + "); verify it with a newer runbook"));
      return manifest;
    }
    Set<String> expected = new HashSet<>(Set.of(Layout.MANIFEST, Layout.CHECKSUMS));
    for (Artifact artifact : manifest.artifacts()) {
      expected.add(artifact.file());
      if (sums != null) {
        String line = sums.get(artifact.file());
        if (line == null) {
          problems.add(new FileProblem(Layout.CHECKSUMS, "has no line for " + artifact.file()));
        } else if (!line.equals(artifact.sha256())) {
          problems.add(new FileProblem(Layout.CHECKSUMS, "says " + line + " for "
              + artifact.file() + " but " + Layout.MANIFEST + " says " + artifact.sha256()));
        }
      }
      if (present(folder, artifact, problems) && content) {
        problems.addAll(content(folder, artifact));
      }
      files[0]++;
    }
    if (sums != null) {
      for (String listedFile : sums.keySet()) {
        if (!expected.contains(listedFile)) {
          problems.add(new FileProblem(Layout.CHECKSUMS, "lists " + listedFile
              + ", which the manifest does not"));
        }
      }
    }
    String folderName = folder.getFileName() == null ? "" : folder.getFileName().toString();
    if (Layout.isBackupId(folderName) && !folderName.equals(manifest.backupId())) {
      problems.add(new FileProblem(folderName, "name does not match manifest: the folder is "
          + folderName + " but " + Layout.MANIFEST + " says " + manifest.backupId()));
    }
    Set<String> names = entries(folder, problems);
    for (String name : names) {
      if (Layout.isDrillRecord(name)) {
        files[0]++;
        String damage = DrillRecords.damage(folder, name);
        if (damage != null) {
          problems.add(new FileProblem(name, "drill record damaged: " + damage));
        }
      } else if (Layout.isDrillChecksum(name)) {
        if (!names.contains(name.substring(0, name.length() - ".sha256".length()))) {
          problems.add(new FileProblem(name, "drill record damaged: the record it checks is"
              + " missing"));
        }
      } else if (!expected.contains(name) && !Layout.isDrillTemp(name)) {
        problems.add(new FileProblem(name, "unexpected file: it is not in the manifest"));
      }
    }
    return manifest;
  }

  private static void requireFields(Manifest m) {
    if (m.backupId() == null || m.createdAt() == null || m.artifacts() == null) {
      throw new IllegalArgumentException("backup_id, created_at or artifacts is missing");
    }
    for (Artifact a : m.artifacts()) {
      if (a.name() == null || a.file() == null || a.sha256() == null || a.compression() == null
          || a.kind() == null || a.file().contains("/") || a.file().contains("\\")
          || a.file().startsWith(".")) {
        throw new IllegalArgumentException("an artifact lacks name, kind, file, compression or"
            + " sha256, or names a file outside the folder: " + a.file());
      }
    }
  }

  private Map<String, String> readSums(Path folder, List<FileProblem> problems) {
    List<String> lines;
    try {
      byte[] bytes = Files.readAllBytes(folder.resolve(Layout.CHECKSUMS));
      if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
        // sha256sum and this library end every line with a newline; a missing one is a cut file
        problems.add(new FileProblem(Layout.CHECKSUMS, "does not end with a newline: it was cut"
            + " short"));
      }
      lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      problems.add(new FileProblem(Layout.CHECKSUMS, "missing or unreadable: " + redactor.redact(e)));
      return null;
    }
    Map<String, String> sums = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = SUM_LINE.matcher(lines.get(i));
      if (!m.matches()) {
        problems.add(new FileProblem(Layout.CHECKSUMS, "line " + (i + 1)
            + " is not \"<sha256>  <file>\" as sha256sum writes it"));
        continue;
      }
      sums.put(m.group(2), m.group(1));
    }
    return sums;
  }

  /** Whether the artifact's file is there, with the manifest's size; else says what is wrong. */
  private boolean present(Path folder, Artifact artifact, List<FileProblem> problems) {
    Path path = folder.resolve(artifact.file());
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(new FileProblem(artifact.file(), "missing"));
      return false;
    }
    try {
      long size = Files.size(path);
      if (size != artifact.storedBytes()) {
        problems.add(new FileProblem(artifact.file(), "size is " + size + " bytes, manifest says "
            + artifact.storedBytes()));
      }
      return true;
    } catch (IOException e) {
      problems.add(new FileProblem(artifact.file(), "unreadable: " + redactor.redact(e)));
      return false;
    }
  }

  /**
   * Hashes the artifact's stored bytes and decodes it to the end: what is wrong, if anything. An
   * encrypted artifact without a matching identity here is checked by its hash alone.
   */
  public List<FileProblem> content(Path folder, Artifact artifact) {
    Path path = folder.resolve(artifact.file());
    if (crypto.undecodable(artifact, path) != null) {
      try (MeasuredInputStream stored = new MeasuredInputStream(
          new BufferedInputStream(Files.newInputStream(path), 64 * 1024))) {
        stored.drain();
        return contentProblems(artifact, stored.sha256Hex(), null, artifact.rawBytes());
      } catch (IOException e) {
        return List.of(new FileProblem(artifact.file(), "unreadable: " + redactor.redact(e)));
      }
    }
    try (MeasuredInputStream stored = new MeasuredInputStream(
        new BufferedInputStream(Files.newInputStream(path), 64 * 1024))) {
      long raw = 0;
      String decodeError = null;
      try (InputStream decoded = crypto.decode(artifact, new NonClosingInputStream(stored))) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = decoded.read(buffer)) >= 0; ) {
          raw += n;
        }
      } catch (IOException | RuntimeException e) {
        decodeError = firstLine(redactor.redact(e));
      }
      stored.drain();
      return contentProblems(artifact, stored.sha256Hex(), decodeError, raw);
    } catch (IOException e) {
      return List.of(new FileProblem(artifact.file(), "unreadable: " + redactor.redact(e)));
    }
  }

  /** What a pass over an artifact found wrong: its hash, its decoding, its decoded size. */
  static List<FileProblem> contentProblems(Artifact artifact, String sha, String decodeError,
      long raw) {
    List<FileProblem> problems = new ArrayList<>();
    if (!sha.equals(artifact.sha256())) {
      problems.add(new FileProblem(artifact.file(), "SHA-256 is " + sha + ", manifest says "
          + artifact.sha256()));
    }
    if (decodeError != null) {
      problems.add(new FileProblem(artifact.file(), artifact.compression().wireName()
          + " stream does not decode to the end: " + decodeError));
    } else if (raw != artifact.rawBytes()) {
      problems.add(new FileProblem(artifact.file(), "decodes to " + raw
          + " bytes, manifest says " + artifact.rawBytes()));
    }
    return problems;
  }

  private Set<String> entries(Path folder, List<FileProblem> problems) {
    Set<String> names = new TreeSet<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      for (Path p : stream) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      problems.add(new FileProblem(folder.toString(), "cannot be listed: " + redactor.redact(e)));
    }
    return names;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
