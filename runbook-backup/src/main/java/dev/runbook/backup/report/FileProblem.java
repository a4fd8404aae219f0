package dev.runbook.backup.report;

/**
 * One thing wrong with one file of a backup.
 *
 * @param file the file name inside the backup folder, e.g. {@code database.sqlite.zst}
 * @param problem what is wrong, e.g. {@code size is 120 bytes, manifest says 4096}
 */
public record FileProblem(String file, String problem) {

  @Override
  public String toString() {
    return file + ": " + problem;
  }
}
