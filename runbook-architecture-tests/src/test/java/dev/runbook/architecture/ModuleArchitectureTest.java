package dev.runbook.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModuleArchitectureTest {

  private static JavaClasses production;
  private static JavaClasses fixture;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.runbook");
    fixture = new ClassFileImporter().importPackages("dev.runbook.archfixture");
  }

  static Stream<String> ruleNames() {
    return ModuleRules.forRoot("dev.runbook").keySet().stream();
  }

  @Test
  void shouldImportTheRealModulesSoTheRulesAreNotVacuous() {
    assertThat(production.contain("dev.runbook.core.Status")).isTrue();
    assertThat(production.stream().map(c -> c.getPackageName()))
        .noneMatch(name -> name.startsWith("dev.runbook.archfixture"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleNames")
  void shouldHoldForEveryRunbookModule(String rule) {
    ModuleRules.forRoot("dev.runbook").get(rule).check(production);
  }

  /** Each rule, and a class in the fixture tree that it must catch. */
  static Stream<Arguments> violations() {
    String f = "dev.runbook.archfixture.";
    return Stream.of(
        Arguments.of("core imports no other runbook module", f + "core.CoreUsesHealth"),
        Arguments.of("health imports neither backup nor jdbc", f + "health.HealthUsesBackup"),
        Arguments.of("backup imports neither health nor jdbc", f + "backup.BackupUsesJdbc"),
        Arguments.of("jdbc imports only backup and core", f + "jdbc.JdbcUsesHealthInternals"),
        Arguments.of("health internals stay inside health", f + "jdbc.JdbcUsesHealthInternals"),
        Arguments.of("backup internals stay inside backup", f + "jdbc.JdbcUsesBackupInternals"),
        Arguments.of("backup-s3 uses backup's public API only", f + "backup.s3.S3UsesBackupInternals"),
        Arguments.of("backup does not know backup-s3", f + "backup.BackupUsesS3"),
        Arguments.of("no library module imports spring", f + "health.HealthUsesSpring"));
  }

  @ParameterizedTest(name = "{0} fails on {1}")
  @MethodSource("violations")
  void shouldFailOnAFixtureThatBreaksTheRule(String rule, String violator) {
    Map<String, ArchRule> rules = ModuleRules.forRoot("dev.runbook.archfixture");

    EvaluationResult result = rules.get(rule).evaluate(fixture);

    assertThat(result.hasViolation()).as("rule '%s' caught nothing", rule).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains(violator));
  }

  @Test
  void shouldLetAModuleUseItsOwnInternals() {
    EvaluationResult result = ModuleRules.forRoot("dev.runbook.archfixture")
        .get("backup internals stay inside backup").evaluate(fixture);

    assertThat(result.getFailureReport().getDetails())
        .noneMatch(line -> line.contains("BackupUsesOwnInternals"));
  }
}
