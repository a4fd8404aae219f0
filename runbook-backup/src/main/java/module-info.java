/**
 * Backups proven restorable by drills. {@code dev.runbook.backup} is the repository, {@code
 * dev.runbook.backup.spi} what a source of backups implements, {@code dev.runbook.backup.report}
 * what operations report. {@code dev.runbook.backup.internal} is not exported; the manifest and
 * report types are open to Jackson, which reads and writes them.
 */
module dev.runbook.backup {
  requires transitive dev.runbook.core;
  requires com.fasterxml.jackson.databind;
  requires com.github.luben.zstd_jni;
  requires org.slf4j;

  exports dev.runbook.backup;
  exports dev.runbook.backup.cli;
  exports dev.runbook.backup.files;
  exports dev.runbook.backup.report;
  exports dev.runbook.backup.spi;

  uses dev.runbook.backup.spi.OffsiteTargetProvider;

  opens dev.runbook.backup to com.fasterxml.jackson.databind;
  opens dev.runbook.backup.report to com.fasterxml.jackson.databind;
  opens dev.runbook.backup.internal to com.fasterxml.jackson.databind;
}
