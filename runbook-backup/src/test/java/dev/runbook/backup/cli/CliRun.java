package dev.runbook.backup.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of a command line, with what it printed on stdout and stderr. */
record CliRun(int status, String out, String err) {

  static CliRun of(BackupCommandLine line, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int status = line.run(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    return new CliRun(status, o.toString(StandardCharsets.UTF_8),
        e.toString(StandardCharsets.UTF_8));
  }
}
