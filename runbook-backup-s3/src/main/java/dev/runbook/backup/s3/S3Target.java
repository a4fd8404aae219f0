package dev.runbook.backup.s3;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.BackupException;
import dev.runbook.backup.Manifest;
import dev.runbook.backup.OffsiteTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An offsite target in S3-compatible object storage: AWS S3, Google Cloud Storage's
 * interoperability endpoint, Cloudflare R2, MinIO, Ceph. A backup {@code <id>} lives under {@code
 * <prefix>/<id>/} with the same file names as in the repository, so an operator can fetch it with
 * {@code aws s3 cp --recursive} and restore it by hand.
 *
 * <p>A push uploads the artifacts and drill records first, then the manifest's checksum file, and
 * the manifest last: a backup is listed only once its manifest exists, so a listing never shows a
 * partial one. Every upload streams through memory buffers of {@link Builder#partSize} (one per
 * {@link Builder#uploadThreads upload thread}); a larger file goes as a multipart upload. Each
 * file's SHA-256 is computed from the bytes sent and must equal the manifest's. The server checks
 * each request's Content-MD5, and the ETag it answers (the MD5 it computed) must be the one the
 * bytes sent give; where a server answers an ETag of another kind, the object is read back and its
 * SHA-256 compared. A failed upload aborts its multipart upload; {@link #removeLeftovers} aborts
 * those a killed process left and removes objects of a backup whose manifest never arrived.
 *
 * <p>Transient errors (5xx, throttling such as {@code 503 SlowDown}, connection resets) are retried
 * with exponential backoff by the SDK's standard retry strategy, {@link Builder#maxAttempts} times
 * in all. Credentials come from the SDK's default provider chain only: {@code AWS_ACCESS_KEY_ID}
 * and {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE}, web identity, a container or instance
 * role. A custom endpoint gets the checksum behaviour S3-compatible servers accept ({@code
 * WHEN_REQUIRED}); AWS gets the SDK's default.
 */
public final class S3Target implements OffsiteTarget, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");
  private static final long MIB = 1024 * 1024;
  /** S3's smallest part but the last. */
  static final long MIN_PART_SIZE = 5 * MIB;
  /** S3's most parts in one upload. */
  private static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final URI endpoint;
  private final long partSize;
  private final int uploadThreads;
  /**
   * Part buffers kept from one file of a push to the next (allocating large arrays anew for each
   * fragments a small heap), and dropped when the push ends.
   */
  private final BlockingQueue<byte[]> spareBuffers;

  private S3Target(Builder b, S3Client s3) {
    this.s3 = s3;
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.endpoint = b.endpoint;
    this.partSize = b.partSize;
    this.uploadThreads = b.uploadThreads;
    this.spareBuffers = new ArrayBlockingQueue<>(b.uploadThreads);
  }

  /**
   * A builder for the target in {@code bucket} under {@code prefix} (empty for the bucket's
   * root).
   */
  public static Builder builder(String bucket, String prefix) {
    return new Builder(bucket, prefix);
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The key prefix the backups are under, empty or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix.substring(0,
        prefix.length() - 1));
  }

  private String where() {
    return describe() + (endpoint == null ? "" : " at " + endpoint);
  }

  @Override
  public List<String> list() throws IOException {
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : folders().entrySet()) {
      if (e.getValue().contains(Manifest.FILE_NAME)) {
        ids.add(e.getKey());
      }
    }
    return List.copyOf(ids);
  }

  /** Every id-named folder under the prefix with the names of its files, in id order. */
  private Map<String, List<String>> folders() throws IOException {
    return folders(prefix);
  }

  /** The files of backup {@code id}, listing only its own keys; null when it has none. */
  private List<String> files(String id) throws IOException {
    return folders(prefix + id + "/").get(id);
  }

  private Map<String, List<String>> folders(String under) throws IOException {
    Map<String, List<String>> folders = new TreeMap<>();
    for (S3Object object : call("list", () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket)
        .prefix(under)).contents().stream().toList())) {
      String rest = object.key().substring(prefix.length());
      int slash = rest.indexOf('/');
      // a key ending in "/" is a folder marker some tools and servers make: no file
      if (slash > 0 && slash < rest.length() - 1 && Manifest.isBackupId(rest.substring(0, slash))
          && rest.indexOf('/', slash + 1) < 0) {
        folders.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>())
            .add(rest.substring(slash + 1));
      }
    }
    return folders;
  }

  @Override
  public void push(String id, Path folder, Manifest manifest) throws IOException {
    requireId(id);
    Map<String, String> expected = new LinkedHashMap<>();
    for (Artifact artifact : manifest.artifacts()) {
      expected.put(artifact.file(), artifact.sha256());
    }
    List<String> names = new ArrayList<>(expected.keySet());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      List<String> others = new ArrayList<>();
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!expected.containsKey(name) && !name.equals(Manifest.FILE_NAME)
            && !name.equals(Manifest.CHECKSUM_FILE_NAME) && !name.startsWith(".")
            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          others.add(name); // drill records
        }
      }
      others.sort(null);
      names.addAll(others);
    }
    names.add(Manifest.CHECKSUM_FILE_NAME);
    names.add(Manifest.FILE_NAME); // last: from now on the backup is listed
    try {
      for (String name : names) {
        upload(id, name, folder.resolve(name), expected.get(name));
      }
    } finally {
      spareBuffers.clear(); // a service keeps no part buffers between syncs
    }
    log.atInfo().setMessage("offsite_pushed").addKeyValue("backup_id", id)
        .addKeyValue("target", describe()).addKeyValue("files", names.size()).log();
  }

  private void upload(String id, String name, Path file, String expectedSha) throws IOException {
    String key = prefix + id + "/" + name;
    long size = Files.size(file);
    if (size <= partSize) {
      putWhole(id, name, key, file, (int) size, expectedSha);
    } else {
      putInParts(id, name, key, file, size, expectedSha);
    }
  }

  private void putWhole(String id, String name, String key, Path file, int size,
      String expectedSha) throws IOException {
    byte[] bytes = new byte[size];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(bytes, 0, size) != size || in.read() >= 0) {
        throw new BackupException(file + " changed size while it was uploaded; run verify " + id);
      }
    }
    String sha = hex(digest("SHA-256").digest(bytes));
    requireManifestSha(id, name, sha, expectedSha);
    byte[] md5 = digest("MD5").digest(bytes);
    String etag = call("upload of " + key, () -> s3.putObject(r -> r.bucket(bucket).key(key)
        .contentLength((long) size).contentMD5(base64(md5)), body(bytes, size))).eTag();
    confirm(id, name, key, etag, hex(md5), sha);
  }

  private void putInParts(String id, String name, String key, Path file, long size,
      String expectedSha) throws IOException {
    long part = Math.max(partSize, ceilMib((size + MAX_PARTS - 1) / MAX_PARTS));
    if (part > Integer.MAX_VALUE - 8) {
      throw new BackupException(file + " is " + size + " bytes, more than one S3 object holds");
    }
    String uploadId = call("start of the multipart upload of " + key,
        () -> s3.createMultipartUpload(r -> r.bucket(bucket).key(key))).uploadId();
    ExecutorService pool = Executors.newFixedThreadPool(uploadThreads, r -> {
      Thread t = new Thread(r, "runbook-s3-upload");
      t.setDaemon(true);
      return t;
    });
    try {
      BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(uploadThreads);
      List<Future<CompletedPart>> parts = new ArrayList<>();
      MessageDigest whole = digest("SHA-256");
      Map<Integer, byte[]> partMd5s = new java.util.concurrent.ConcurrentHashMap<>();
      AtomicInteger mismatchedEtags = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean partFailed =
          new java.util.concurrent.atomic.AtomicBoolean();
      List<byte[]> taken = new ArrayList<>();
      try (InputStream in = Files.newInputStream(file)) {
        for (int number = 1; ; number++) {
          byte[] buffer = free.poll();
          if (buffer == null && taken.size() < uploadThreads) {
            buffer = spareBuffers.poll();
            if (buffer == null || buffer.length != part) {
              buffer = new byte[(int) part];
            }
            taken.add(buffer);
          } else if (buffer == null) {
            buffer = free.take();
          }
          if (partFailed.get()) {
            break; // a part failed for good; collecting the futures below reports it
          }
          int n = in.readNBytes(buffer, 0, (int) part);
          if (n == 0) {
            free.add(buffer);
            break;
          }
          whole.update(buffer, 0, n);
          byte[] bytes = buffer;
          int number0 = number;
          parts.add(pool.submit(() -> {
            try {
              MessageDigest partMd5 = digest("MD5"); // on the upload thread, beside the others
              partMd5.update(bytes, 0, n);
              byte[] md5 = partMd5.digest();
              partMd5s.put(number0, md5);
              String etag = call("upload of part " + number0 + " of " + key, () ->
                  s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                      .partNumber(number0).contentLength((long) n).contentMD5(base64(md5)),
                      body(bytes, n))).eTag();
              if (!hex(md5).equals(unquote(etag))) {
                mismatchedEtags.incrementAndGet();
              }
              return CompletedPart.builder().partNumber(number0).eTag(etag).build();
            } catch (IOException | RuntimeException e) {
              partFailed.set(true);
              throw e;
            } finally {
              free.add(bytes);
            }
          }));
          if (n < part) {
            break;
          }
        }
      }
      List<CompletedPart> done = new ArrayList<>();
      for (Future<CompletedPart> f : parts) {
        done.add(f.get());
      }
      taken.forEach(spareBuffers::offer); // every part is sent: no thread reads them any more
      String sha = hex(whole.digest());
      requireManifestSha(id, name, sha, expectedSha);
      String etag = call("completion of the multipart upload of " + key,
          () -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
              .multipartUpload(u -> u.parts(done)))).eTag();
      MessageDigest ofParts = digest("MD5");
      for (int i = 1; i <= done.size(); i++) {
        ofParts.update(partMd5s.get(i));
      }
      String expectedEtag = hex(ofParts.digest()) + "-" + done.size();
      confirm(id, name, key, mismatchedEtags.get() == 0 ? etag : null, expectedEtag, sha);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(key, uploadId);
      throw new java.io.InterruptedIOException("upload of " + key + " interrupted");
    } catch (ExecutionException e) {
      abort(key, uploadId);
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause);
    } catch (IOException | RuntimeException e) {
      abort(key, uploadId);
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  private void abort(String key, String uploadId) {
    try {
      call("abort of the multipart upload of " + key, () -> s3.abortMultipartUpload(r -> r
          .bucket(bucket).key(key).uploadId(uploadId)));
    } catch (IOException e) {
      // the next sync's removeLeftovers aborts it
      log.atWarn().setMessage("offsite_abort_failed").addKeyValue("target", describe())
          .addKeyValue("key", key).addKeyValue("error", e.getMessage()).log();
    }
  }

  /**
   * Confirms that the server holds what was sent: its ETag is the MD5 of the bytes sent (as S3
   * and most compatible servers compute it), or else the object read back has the SHA-256.
   */
  private void confirm(String id, String name, String key, String etag, String expectedEtag,
      String sha) throws IOException {
    if (etag != null && unquote(etag).equals(expectedEtag)) {
      return;
    }
    String stored;
    try (ResponseInputStream<GetObjectResponse> in = call("read-back of " + key,
        () -> s3.getObject(r -> r.bucket(bucket).key(key)))) {
      MessageDigest d = digest("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        d.update(buffer, 0, n);
      }
      stored = hex(d.digest());
    }
    if (!stored.equals(sha)) {
      throw new BackupException("offsite copy of " + id + "/" + name + " at " + where()
          + " has SHA-256 " + stored + ", the manifest says " + sha + "; the backup was not"
          + " published there. Sync again; if it recurs, check the storage service");
    }
  }

  private static void requireManifestSha(String id, String name, String sha, String expected) {
    if (expected != null && !expected.equals(sha)) {
      throw new BackupException("local " + id + "/" + name + " has SHA-256 " + sha + ", the"
          + " manifest says " + expected + "; it was not uploaded. Run verify " + id);
    }
  }

  @Override
  public void fetch(String id, Path into) throws IOException {
    fetch(id, into, name -> true);
  }

  @Override
  public void fetch(String id, Path into, Predicate<String> include) throws IOException {
    requireId(id);
    List<String> names = files(id);
    if (names == null || !names.contains(Manifest.FILE_NAME)) {
      throw new BackupException(where() + " has no complete backup " + id);
    }
    Files.createDirectory(into);
    for (String name : names) {
      if (include.test(name)) {
        download(prefix + id + "/" + name, into.resolve(name));
      }
    }
  }

  private void download(String key, Path to) throws IOException {
    try (ResponseInputStream<GetObjectResponse> in = call("download of " + key,
        () -> s3.getObject(r -> r.bucket(bucket).key(key)))) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void delete(String id) throws IOException {
    requireId(id);
    List<String> names = files(id);
    if (names == null || !names.contains(Manifest.FILE_NAME)) {
      throw new BackupException(where() + " has no backup " + id);
    }
    deleteObjects(id, names);
  }

  /** Removes the manifest first, so the backup leaves the listing before its files go. */
  private void deleteObjects(String id, List<String> names) throws IOException {
    List<String> ordered = new ArrayList<>(names);
    ordered.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    for (String name : ordered) {
      String key = prefix + id + "/" + name;
      call("delete of " + key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }
  }

  private static int rank(String name) {
    return name.equals(Manifest.FILE_NAME) ? 0 : name.equals(Manifest.CHECKSUM_FILE_NAME) ? 1 : 2;
  }

  /**
   * Aborts the multipart uploads under the prefix (only a killed or failed push leaves one: a
   * target belongs to one repository, and its sync lock is held) and removes the objects of a
   * backup folder without a manifest (a push or a delete that did not finish).
   */
  @Override
  public List<String> removeLeftovers() throws IOException {
    List<String> removed = new ArrayList<>();
    List<MultipartUpload> uploads = call("listing of multipart uploads", () -> s3
        .listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix)).uploads().stream()
        .toList());
    for (MultipartUpload upload : uploads) {
      call("abort of the multipart upload of " + upload.key(), () -> s3.abortMultipartUpload(r -> r
          .bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
      removed.add("multipart upload of " + upload.key().substring(prefix.length()));
    }
    for (Map.Entry<String, List<String>> e : folders().entrySet()) {
      if (!e.getValue().contains(Manifest.FILE_NAME)) {
        deleteObjects(e.getKey(), e.getValue());
        removed.add(e.getKey() + "/ (" + e.getValue().size() + " objects without a manifest)");
      }
    }
    return List.copyOf(removed);
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Runs one S3 call, turning the SDK's exceptions into an error that names the target. */
  private <T> T call(String what, Supplier<T> call) throws IOException {
    try {
      return call.get();
    } catch (S3Exception e) {
      throw new IOException(what + " at " + where() + " failed: " + explain(e), e);
    } catch (SdkException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("credentials")) {
        throw new IOException(what + " at " + where() + " failed: no credentials found; set"
            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or give the host a"
            + " role)", e);
      }
      throw new IOException(what + " at " + where() + " failed: " + message, e);
    }
  }

  private String explain(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String said = (code == null ? "" : code + ", ") + "HTTP " + e.statusCode();
    if ("NoSuchBucket".equals(code)) {
      return "the bucket " + bucket + " does not exist (" + said + "); create it, or correct"
          + " BACKUP_REMOTE or BACKUP_S3_ENDPOINT";
    }
    if (e.statusCode() == 403 || "InvalidAccessKeyId".equals(code)
        || "SignatureDoesNotMatch".equals(code)) {
      return "access denied (" + said + "); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and"
          + " that they may read, write and list " + describe();
    }
    if (e.statusCode() == 301 || "PermanentRedirect".equals(code)
        || "AuthorizationHeaderMalformed".equals(code)) {
      return "the bucket is in another region (" + said + "); set BACKUP_S3_REGION to its region";
    }
    String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return said + (detail == null ? "" : ": " + detail);
  }

  private static void requireId(String id) {
    if (!Manifest.isBackupId(id)) {
      throw new BackupException("\"" + id + "\" is not a backup id");
    }
  }

  private static RequestBody body(byte[] bytes, int length) {
    // replayable for retries, and no copy of the buffer
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length),
        length, "application/octet-stream");
  }

  private static long ceilMib(long bytes) {
    return (bytes + MIB - 1) / MIB * MIB;
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    String e = etag.strip();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e.toLowerCase(Locale.ROOT);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Configures an {@link S3Target}. Defaults: the SDK's default credentials chain, virtual-host
   * addressing on AWS and path-style on a custom endpoint, 8 MiB parts, 4 upload threads (so at
   * most 32 MiB of buffers per upload), 8 attempts per request.
   */
  public static final class Builder {
    private final String bucket;
    private final String prefix;
    private URI endpoint;
    private String region;
    private Boolean pathStyle;
    private AwsCredentialsProvider credentials;
    private long partSize = 8 * MIB;
    private int uploadThreads = 4;
    private int maxAttempts = 8;
    private Duration retryBaseDelay = Duration.ofMillis(200);
    private Duration retryMaxDelay = Duration.ofSeconds(20);

    private Builder(String bucket, String prefix) {
      this.bucket = checkBucket(bucket);
      this.prefix = normalizePrefix(prefix);
    }

    /** An S3-compatible server's address, e.g. {@code https://s3.example.net:9000}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = checkEndpoint(endpoint);
      return this;
    }

    /** The bucket's region; {@code us-east-1} when a custom endpoint is set and this is not. */
    public Builder region(String region) {
      if (region == null || !region.matches("[a-z0-9-]{2,40}")) {
        throw new IllegalArgumentException("region \"" + region + "\" is not a region name such"
            + " as eu-west-1 or auto");
      }
      this.region = region;
      return this;
    }

    /** Path-style addressing ({@code host/bucket/key}), which most S3-compatible servers need. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Credentials other than the SDK's default chain, e.g. for tests. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * The size of an upload's memory buffers and multipart parts, at least 5 MiB; files this size
     * or smaller are sent in one request.
     */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > 512 * MIB) {
        throw new IllegalArgumentException("partSize " + bytes + " is outside 5 MiB..512 MiB");
      }
      this.partSize = bytes;
      return this;
    }

    /** How many parts of one file are in flight at once. */
    public Builder uploadThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("uploadThreads " + threads + " is outside 1..64");
      }
      this.uploadThreads = threads;
      return this;
    }

    /** Attempts per request, the first included, before an error is reported. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 30) {
        throw new IllegalArgumentException("maxAttempts " + attempts + " is outside 1..30");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The first and the longest wait between attempts (exponential, with jitter). */
    public Builder retryDelays(Duration base, Duration max) {
      if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
        throw new IllegalArgumentException("retry delays need 0 < base <= max");
      }
      this.retryBaseDelay = base;
      this.retryMaxDelay = max;
      return this;
    }

    public S3Target build() {
      boolean custom = endpoint != null;
      String regionName = region != null ? region : custom ? "us-east-1" : null;
      if (regionName == null) {
        throw new IllegalArgumentException("no region for " + "s3://" + bucket + "; set the"
            + " bucket's region, e.g. eu-west-1");
      }
      BackoffStrategy backoff = BackoffStrategy.exponentialDelay(retryBaseDelay, retryMaxDelay);
      S3ClientBuilder client = S3Client.builder()
          .region(Region.of(regionName))
          .credentialsProvider(credentials != null ? credentials
              : DefaultCredentialsProvider.builder().build())
          .forcePathStyle(pathStyle != null ? pathStyle : custom)
          .httpClientBuilder(Apache5HttpClient.builder().maxConnections(uploadThreads + 4))
          .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
              .toBuilder().maxAttempts(maxAttempts).backoffStrategy(backoff)
              .throttlingBackoffStrategy(backoff).circuitBreakerEnabled(false).build()));
      if (custom) {
        client.endpointOverride(endpoint)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      }
      return new S3Target(this, client.build());
    }

    private static String checkBucket(String bucket) {
      if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException("bucket \"" + bucket + "\" is not a bucket name: 3 to"
            + " 63 lower-case letters, digits, dots and hyphens");
      }
      return bucket;
    }

    private static String normalizePrefix(String prefix) {
      String p = prefix == null ? "" : prefix.strip();
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.contains("//") || p.contains("?") || p.contains("#") || p.contains("\\")
          || List.of(p.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
        throw new IllegalArgumentException("prefix \"" + p + "\" is not a plain key prefix such"
            + " as backups/bibliotheca");
      }
      return p.isEmpty() ? "" : p + "/";
    }

    private static URI checkEndpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.getRawUserInfo() != null) {
        throw new IllegalArgumentException("endpoint carries credentials before its host; remove"
            + " them and give the keys as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
      }
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme();
      if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null
          || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
        throw new IllegalArgumentException("endpoint \"" + endpoint + "\" is not an http(s) address"
            + " such as https://s3.example.net:9000");
      }
      return endpoint;
    }
  }
}
