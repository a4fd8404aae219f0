package dev.runbook.backup.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.OffsiteTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.cli.BackupCommandLine;
import dev.runbook.backup.report.RetentionDecision;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.SyncReport;
import dev.runbook.core.Settings;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import dev.runbook.jdbc.sqlite.SqliteRestoreTarget;
import dev.runbook.jdbc.sqlite.SqliteRestoreVerifier;
import dev.runbook.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 target against two independent real S3 servers on loopback, S3Mock and S3Proxy, with a
 * real SQLite database as the data: the same tests pass on both.
 */
class S3TargetTest {

  static final String PREFIX = "backups/bibliotheca";
  static final AtomicInteger BUCKETS = new AtomicInteger();
  static final long MIB = 1024 * 1024;

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-11-20T03:00:00Z");

  static S3Target target(URI endpoint, String bucket) {
    return S3Target.builder(bucket, PREFIX).endpoint(endpoint).credentials(S3Server.CREDENTIALS)
        .partSize(5 * MIB).uploadThreads(2).retryDelays(Duration.ofMillis(5),
            Duration.ofMillis(50)).build();
  }

  static String bucket(S3Server server) {
    return server.newBucket("runbook-" + server.name().toLowerCase() + "-"
        + BUCKETS.incrementAndGet());
  }

  /** A library database with {@code books} rows whose covers make it {@code coverMiB} big. */
  static Path database(Path file, int books, int coverMiB) throws Exception {
    Files.createDirectories(file.getParent());
    Random random = new Random(books);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, cover BLOB)");
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO books (title, cover) VALUES (?, ?)")) {
        long coverBytes = coverMiB * MIB / books;
        for (int i = 0; i < books; i++) {
          byte[] cover = new byte[(int) coverBytes];
          random.nextBytes(cover); // incompressible, so the artifact stays as big
          insert.setString(1, "book " + i);
          insert.setBytes(2, cover);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      c.commit();
    }
    return file;
  }

  static long books(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM books")) {
      r.next();
      return r.getLong(1);
    }
  }

  BackupRepository repo(Path root, Path db) {
    return BackupRepository.builder(root).service("bibliotheca").clock(clock)
        .source(SqliteBackupSource.builder("database", db).build())
        .verifier(new SqliteRestoreVerifier()).build();
  }

  /** A database of {@code books} rows ({@code coverMiB} big), its repository and one backup. */
  record Fixture(Path db, BackupRepository repo, Backup backup) {}

  Fixture backedUp(int books, int coverMiB) throws Exception {
    Path db = database(tmp.resolve("data/library.db"), books, coverMiB);
    BackupRepository repo = repo(tmp.resolve("backups"), db);
    return new Fixture(db, repo, repo.backup());
  }

  /** A target reaching the server through {@code proxy}. */
  static S3Target.Builder through(FaultProxy proxy, String bucket) {
    return S3Target.builder(bucket, PREFIX).endpoint(proxy.endpoint())
        .credentials(S3Server.CREDENTIALS);
  }

  /** The keys in the bucket, less the folder markers ({@code a/b/}) S3Proxy's backend shows. */
  static List<String> keys(S3Server server, String bucket) {
    try (S3Client s3 = server.client()) {
      return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
          .map(S3Object::key).filter(k -> !k.endsWith("/")).sorted().toList();
    }
  }

  static int multipartUploads(S3Server server, String bucket) {
    try (S3Client s3 = server.client()) {
      return s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
    }
  }

  record Run(int status, String out, String err) {}

  static Run cli(BackupCommandLine line, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = line.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(S3Server.class)
  void aBackupSyncedToTheBucketIsListedDrilledAndRestoredOnAnEmptyHost(S3Server server)
      throws Exception {
    String bucket = bucket(server);
    Path db = database(tmp.resolve("host1/data/library.db"), 40, 6);
    BackupRepository repo = repo(tmp.resolve("host1/backups"), db);
    Backup backup = repo.backup();
    assertThat(backup.manifest().artifacts().get(0).storedBytes())
        .as("big enough for a multipart upload").isGreaterThan(5 * MIB);
    try (S3Target target = target(server.endpoint(), bucket)) {
      SyncReport sync = repo.sync(target);
      assertThat(sync.passed()).as(sync.failed().toString()).isTrue();
      assertThat(sync.pushed()).containsExactly(backup.id());
      assertThat(target.list()).containsExactly(backup.id());
      assertThat(keys(server, bucket)).containsExactly(
          PREFIX + "/" + backup.id() + "/database.sqlite.zst",
          PREFIX + "/" + backup.id() + "/manifest.json",
          PREFIX + "/" + backup.id() + "/manifest.json.sha256");
      assertThat(repo.sync(target).present()).containsExactly(backup.id());
    }

    // the host burnt down: a new one has only the settings and the key
    Path data = tmp.resolve("host2/data");
    Files.createDirectories(data);
    Map<String, String> env = new HashMap<>();
    env.put("BACKUP_REMOTE", "s3://" + bucket + "/" + PREFIX);
    env.put("BACKUP_S3_ENDPOINT", server.endpoint().toString());
    OffsiteTarget fromSettings;
    System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
    try {
      fromSettings = OffsiteTarget.fromSettings(Settings.of(env)).orElseThrow();
      assertThat(fromSettings).isInstanceOf(S3Target.class);
      assertThat(fromSettings.describe()).isEqualTo("s3://" + bucket + "/" + PREFIX);
      BackupRepository bare = repo(tmp.resolve("host2/backups"), data.resolve("library.db"));
      BackupCommandLine line = new BackupCommandLine(bare, RetentionPolicy.defaults(),
          fromSettings, List.of(SqliteRestoreTarget.of("database", data.resolve("library.db"))));

      Run list = cli(line, "list", "--remote");
      assertThat(list.status()).as(list.err()).isZero();
      assertThat(list.out()).contains(backup.id());
      Run drill = cli(line, "restore-verify", backup.id(), "--remote");
      assertThat(drill.status()).as(drill.out() + drill.err()).isZero();
      assertThat(drill.out()).contains("restore-verify " + backup.id() + ": PASS",
          "row-count check:  pass");
      assertThat(bare.list()).as("a drill from the bucket leaves no copy here").isEmpty();

      Run refused = cli(line, "restore", backup.id(), "--remote");
      assertThat(refused.status()).isEqualTo(2);
      assertThat(bare.list()).as("nothing is fetched before the restore is confirmed").isEmpty();
      Run restore = cli(line, "restore", backup.id(), "--remote", "--confirm", backup.id());
      assertThat(restore.status()).as(restore.out() + restore.err()).isZero();
      assertThat(restore.out()).contains("restored database of backup " + backup.id(),
          "there was no data before it, so no safety backup was taken");
      assertThat(books(data.resolve("library.db"))).isEqualTo(40);
      assertThat(bare.find(backup.id())).as("the fetched backup stays, as local backups do")
          .isPresent();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @ParameterizedTest
  @EnumSource(S3Server.class)
  void aKilledUploadIsNeverListedAndItsMultipartUploadIsAbortedAtTheNextSync(S3Server server)
      throws Exception {
    String bucket = bucket(server);
    Path db = database(tmp.resolve("data/library.db"), 40, 12);
    Path root = tmp.resolve("backups");
    Backup backup = repo(root, db).backup();
    Process push;
    try (FaultProxy proxy = new FaultProxy(server.endpoint())
        .hold(line -> line.startsWith("PUT ") && line.contains("partNumber=2"))) {
      push = new ProcessBuilder(S3Server.java(), "-cp", System.getProperty("java.class.path"),
          SyncMain.class.getName(), root.toString(), proxy.endpoint().toString(), bucket, PREFIX)
          .redirectErrorStream(true).redirectOutput(tmp.resolve("push.log").toFile()).start();
      try {
        assertThat(proxy.held().await(120, TimeUnit.SECONDS))
            .as("the push reached its second part: " + Files.readString(tmp.resolve("push.log")))
            .isTrue();
      } finally {
        push.destroyForcibly(); // SIGKILL: no finally block of the push runs
        assertThat(push.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
    assertThat(push.exitValue()).as("killed, not finished").isNotZero();

    try (S3Target target = target(server.endpoint(), bucket)) {
      assertThat(target.list()).as("no manifest, no backup").isEmpty();
      assertThat(multipartUploads(server, bucket)).isEqualTo(1);

      List<String> removed = target.removeLeftovers();
      assertThat(removed).contains("multipart upload of " + backup.id() + "/database.sqlite.zst");
      assertThat(multipartUploads(server, bucket)).isZero();

      SyncReport sync = repo(root, db).sync(target);
      assertThat(sync.pushed()).containsExactly(backup.id());
      assertThat(target.list()).containsExactly(backup.id());
      assertThat(target.removeLeftovers()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(S3Server.class)
  void objectsOfABackupWhoseManifestNeverArrivedAreRemovedAndNeverListed(S3Server server)
      throws Exception {
    String bucket = bucket(server);
    Fixture f = backedUp(4, 1);
    BackupRepository repo = f.repo();
    Backup backup = f.backup();
    try (FaultProxy proxy = new FaultProxy(server.endpoint())
        .slowDown(line -> line.startsWith("PUT ") && line.contains("/manifest.json "), 1000);
        S3Target viaProxy = through(proxy, bucket).maxAttempts(2)
            .retryDelays(Duration.ofMillis(1), Duration.ofMillis(1)).build();
        S3Target target = target(server.endpoint(), bucket)) {
      SyncReport failed = repo.sync(viaProxy);
      assertThat(failed.passed()).isFalse();
      assertThat(failed.failed().get(backup.id())).contains("SlowDown").contains("HTTP 503")
          .contains("s3://" + bucket + "/" + PREFIX);
      assertThat(keys(server, bucket)).as("the artifact and checksum file went up")
          .contains(PREFIX + "/" + backup.id() + "/database.sqlite.zst");
      assertThat(target.list()).isEmpty();

      assertThat(target.removeLeftovers()).containsExactly(backup.id()
          + "/ (2 objects without a manifest)");
      assertThat(keys(server, bucket)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(S3Server.class)
  void bytesDamagedInTransitAreNeverPublished(S3Server server) throws Exception {
    String bucket = bucket(server);
    Fixture f = backedUp(4, 1);
    BackupRepository repo = f.repo();
    Backup backup = f.backup();
    try (FaultProxy proxy = new FaultProxy(server.endpoint())
        .damage(line -> line.startsWith("PUT ") && line.contains("database.sqlite.zst"));
        S3Target viaProxy = through(proxy, bucket).maxAttempts(1).build()) {
      SyncReport sync = repo.sync(viaProxy);
      assertThat(proxy.damaged()).isEqualTo(1);
      assertThat(sync.passed()).isFalse();
      String error = sync.failed().get(backup.id());
      assertThat(error).contains("database.sqlite.zst");
      if (server == S3Server.S3MOCK) {
        // it stores what came; the ETag it answers is not the MD5 sent, so the object is read
        // back, and its SHA-256 is not the manifest's
        assertThat(error).contains("has SHA-256").contains("the manifest says")
            .contains("the backup was not published there");
      } else {
        // it checks the request's signature, which covers the dropped header, and refuses it
        assertThat(error).contains("upload of " + PREFIX + "/" + backup.id());
      }
      try (S3Target direct = target(server.endpoint(), bucket)) {
        // straight to the server: the proxy's connection may be one the server closed
        assertThat(direct.list()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(S3Server.class)
  void throttlingAndServerErrorsAreRetriedUntilTheUploadSucceeds(S3Server server)
      throws Exception {
    String bucket = bucket(server);
    Fixture f = backedUp(40, 11);
    BackupRepository repo = f.repo();
    Backup backup = f.backup();
    try (FaultProxy proxy = new FaultProxy(server.endpoint())
        .slowDown(line -> line.startsWith("PUT ") || line.startsWith("POST "), 4);
        S3Target viaProxy = through(proxy, bucket).partSize(5 * MIB).uploadThreads(1)
            .maxAttempts(5).retryDelays(Duration.ofMillis(1), Duration.ofMillis(20)).build()) {
      SyncReport sync = repo.sync(viaProxy);
      assertThat(sync.passed()).as(sync.failed().toString()).isTrue();
      assertThat(proxy.slowDownsSent()).isEqualTo(4);
      assertThat(proxy.requests()).anyMatch(l -> l.contains("partNumber=3"));
      assertThat(viaProxy.list()).containsExactly(backup.id());
    }
    try (S3Target target = target(server.endpoint(), bucket)) {
      BackupRepository other = repo(tmp.resolve("elsewhere"), f.db());
      boolean passed = other.withOffsiteCopy(target, backup.id(),
          copy -> copy.verify(backup.id()).passed());
      assertThat(passed).as("what arrived after the retries is what the manifest says").isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(S3Server.class)
  void aCorruptedObjectIsCaughtByVerifyAndByTheDrillAndIsNeverFetchedForARestore(
      S3Server server) throws Exception {
    String bucket = bucket(server);
    Fixture f = backedUp(4, 1);
    BackupRepository repo = f.repo();
    Backup backup = f.backup();
    try (S3Target target = target(server.endpoint(), bucket)) {
      assertThat(repo.sync(target).passed()).isTrue();
      String key = PREFIX + "/" + backup.id() + "/database.sqlite.zst";
      try (S3Client s3 = server.client()) {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        bytes[bytes.length / 2] ^= 0x40;
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
      }
      BackupRepository bare = repo(tmp.resolve("bare/backups"), tmp.resolve("bare/library.db"));
      BackupCommandLine line = new BackupCommandLine(bare, RetentionPolicy.defaults(), target,
          List.of(SqliteRestoreTarget.of("database", tmp.resolve("bare/library.db"))));
      Run verify = cli(line, "verify", backup.id(), "--remote");
      assertThat(verify.status()).isEqualTo(1);
      assertThat(verify.out()).contains("verify " + backup.id() + ": FAIL")
          .contains("database.sqlite.zst");
      Run drill = cli(line, "restore-verify", backup.id(), "--remote");
      assertThat(drill.status()).isEqualTo(1);
      assertThat(drill.out()).contains("checksum status:  fail", "bad file database.sqlite.zst");
      Run restore = cli(line, "restore", backup.id(), "--remote", "--confirm", backup.id());
      assertThat(restore.status()).isEqualTo(1);
      assertThat(restore.err()).contains("failed verification and was not fetched");
      assertThat(bare.list()).isEmpty();
      assertThat(tmp.resolve("bare/library.db")).doesNotExist();
    }
  }

  @ParameterizedTest
  @EnumSource(S3Server.class)
  void retentionOffsiteFollowsTheLocalRulesAndLeavesNoObjectOfAPrunedBackup(S3Server server)
      throws Exception {
    String bucket = bucket(server);
    Path db = database(tmp.resolve("data/library.db"), 4, 1);
    BackupRepository repo = repo(tmp.resolve("backups"), db);
    List<String> ids = new ArrayList<>();
    for (int day = 0; day < 5; day++) {
      ids.add(repo.backup().id());
      clock.advance(Duration.ofDays(1));
    }
    assertThat(repo.restoreVerify(ids.get(0)).passed()).isTrue(); // the only one that passed
    RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(2), 1);
    try (S3Target target = target(server.endpoint(), bucket)) {
      assertThat(repo.sync(target).pushed()).containsExactlyElementsOf(ids);
      RetentionPlan dry = repo.pruneOffsite(target, policy, true);
      assertThat(target.list()).hasSize(5);
      RetentionPlan plan = repo.pruneOffsite(target, policy, false);
      assertThat(plan.decisions()).isEqualTo(dry.decisions());
      List<String> kept = plan.decisions().stream().filter(RetentionDecision::keep)
          .map(RetentionDecision::backupId).toList();
      assertThat(kept).as("the newest that passed a drill is never deleted, however old")
          .contains(ids.get(0)).contains(ids.get(4)).doesNotContain(ids.get(1));
      assertThat(target.list()).containsExactlyInAnyOrderElementsOf(kept);
      assertThat(keys(server, bucket)).allMatch(k -> kept.stream()
          .anyMatch(id -> k.startsWith(PREFIX + "/" + id + "/")));
      assertThat(keys(server, bucket)).as("the drill record went up with the backup")
          .anyMatch(k -> k.startsWith(PREFIX + "/" + ids.get(0) + "/drill-"));
    }
  }

  @Test
  void settingsNameTheInputAndNeverEchoACredential() {
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY@bucket/prefix"))))
        .hasMessageContaining("BACKUP_REMOTE carries credentials")
        .hasMessageNotContaining("AKIAIOSFODNN7EXAMPLE")
        .hasMessageNotContaining("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://bucket/p", "BACKUP_S3_ENDPOINT", "https://key:secret-value@s3.example.net"))))
        .hasMessageContaining("BACKUP_S3_ENDPOINT").hasMessageNotContaining("secret-value");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://bucket/p"))))
        .hasMessageContaining("BACKUP_S3_REGION is not set; set it to the region of bucket bucket");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://Not_A_Bucket/p", "BACKUP_S3_REGION", "eu-west-1"))))
        .hasMessageContaining("BACKUP_REMOTE \"s3://Not_A_Bucket/p\": bucket \"Not_A_Bucket\""
            + " is not a bucket name");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://bucket/p", "BACKUP_S3_ENDPOINT", "ftp://files.example.net"))))
        .hasMessageContaining("BACKUP_S3_ENDPOINT \"ftp://files.example.net\" is not usable");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://bucket/../p", "BACKUP_S3_REGION", "eu-west-1"))))
        .hasMessageContaining("is not a plain key prefix");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://bucket/p", "BACKUP_S3_REGION", "eu-west-1", "BACKUP_S3_ENDPIONT", "x"))))
        .hasMessage("Setting BACKUP_S3_ENDPIONT is read by nothing; the S3 settings are"
            + " BACKUP_S3_ENDPOINT, BACKUP_S3_PATH_STYLE, BACKUP_S3_REGION");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "/mnt/offsite", "BACKUP_S3_ENDPOINT", "http://127.0.0.1:9000"))))
        .hasMessageStartingWith("BACKUP_S3_ENDPOINT is set but BACKUP_REMOTE is not an s3://"
            + " address, so nothing reads it");

    try (S3Target aws = (S3Target) OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://my-bucket/backups/bibliotheca/", "BACKUP_S3_REGION", "eu-west-1"))).orElseThrow()) {
      assertThat(aws.describe()).isEqualTo("s3://my-bucket/backups/bibliotheca");
      assertThat(aws.prefix()).isEqualTo("backups/bibliotheca/");
    }
    try (S3Target root = (S3Target) OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://my-bucket", "BACKUP_S3_ENDPOINT", "http://127.0.0.1:9000"))).orElseThrow()) {
      assertThat(root.describe()).isEqualTo("s3://my-bucket/");
      assertThat(root.prefix()).isEmpty();
    }
  }

  @Test
  void aMissingBucketIsNamedWithWhatToDo() throws IOException {
    try (S3Target target = target(S3Server.S3PROXY.endpoint(), "runbook-no-such-bucket")) {
      assertThatThrownBy(target::list).isInstanceOf(IOException.class)
          .hasMessageContaining("the bucket runbook-no-such-bucket does not exist")
          .hasMessageContaining("create it, or correct BACKUP_REMOTE or BACKUP_S3_ENDPOINT");
    }
  }
}
