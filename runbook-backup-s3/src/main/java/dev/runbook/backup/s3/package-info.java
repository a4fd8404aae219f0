/**
 * The S3-compatible offsite target: {@code BACKUP_REMOTE=s3://bucket/prefix} for AWS S3, Google
 * Cloud Storage's interoperability endpoint, Cloudflare R2, MinIO and other servers that speak the
 * S3 API. Adding this module to a service is all it takes: {@link
 * dev.runbook.backup.OffsiteTarget#fromSettings} finds it through the service loader.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link S3Target}: An offsite target in S3-compatible object storage.
 *   <li>{@link S3TargetProvider}: Serves {@code BACKUP_REMOTE=s3://bucket/prefix} from the
 *       settings beside it.
 * </ul>
 */
package dev.runbook.backup.s3;
