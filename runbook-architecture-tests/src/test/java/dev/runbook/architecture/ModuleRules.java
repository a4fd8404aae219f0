package dev.runbook.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The module arrows of DESIGN.md as ArchUnit rules: {@code core <- health}, {@code core <- backup
 * <- jdbc}, {@code backup <- backup-s3}, all of them {@code <- spring}, everything {@code <-
 * examples}, and no module reaching into
 * another's {@code internal} packages. runbook-backup-s3's package {@code backup.s3} lies inside
 * backup's package tree, so its own rules say what the tree alone cannot.
 *
 * <p>The rules take the package root as a parameter so that the very same rules that guard {@code
 * dev.runbook} can be shown to fail on a fixture tree that breaks each of them.
 */
final class ModuleRules {

  static final List<String> MODULES = List.of("core", "health", "backup", "jdbc");

  private ModuleRules() {}

  /** Each rule by a short name, in a stable order. */
  static Map<String, ArchRule> forRoot(String root) {
    Map<String, ArchRule> rules = new LinkedHashMap<>();
    rules.put("core imports no other runbook module",
        mayNotUse(root, "core", "health", "backup", "jdbc", "examples"));
    rules.put("health imports neither backup nor jdbc",
        mayNotUse(root, "health", "backup", "jdbc", "examples"));
    rules.put("backup imports neither health nor jdbc",
        mayNotUse(root, "backup", "health", "jdbc", "examples"));
    rules.put("jdbc imports only backup and core",
        mayNotUse(root, "jdbc", "health", "examples"));
    rules.put("no library module imports spring",
        noClasses().that().resideInAnyPackage(root + ".core..", root + ".health..",
                root + ".backup..", root + ".jdbc..")
            .should().dependOnClassesThat().resideInAPackage(root + ".spring..")
            .because("runbook-spring-boot configures the modules; they never know Spring")
            .allowEmptyShould(true));
    rules.put("backup-s3 uses backup's public API only",
        noClasses().that().resideInAPackage(root + ".backup.s3..")
            .should().dependOnClassesThat().resideInAnyPackage(root + ".backup.internal..",
                root + ".health..", root + ".jdbc..", root + ".examples..")
            .because("runbook-backup-s3 is a module of its own over backup's API")
            .allowEmptyShould(true));
    rules.put("backup does not know backup-s3",
        noClasses().that().resideInAPackage(root + ".backup..")
            .and().resideOutsideOfPackage(root + ".backup.s3..")
            .should().dependOnClassesThat().resideInAPackage(root + ".backup.s3..")
            .because("backup finds offsite targets through the service loader; it gains no SDK")
            .allowEmptyShould(true));
    for (String module : MODULES) {
      String own = root + "." + module + "..";
      rules.put(module + " internals stay inside " + module,
          noClasses().that().resideOutsideOfPackage(own)
              .should().dependOnClassesThat().resideInAPackage(root + "." + module + "..internal..")
              .because("a module's internal packages are not part of its contract")
              .allowEmptyShould(true));
    }
    return rules;
  }

  private static ArchRule mayNotUse(String root, String module, String... forbidden) {
    String[] packages = new String[forbidden.length];
    for (int i = 0; i < forbidden.length; i++) {
      packages[i] = root + "." + forbidden[i] + "..";
    }
    return noClasses().that().resideInAPackage(root + "." + module + "..")
        .should().dependOnClassesThat().resideInAnyPackage(packages)
        .because("DESIGN.md's module arrows point one way")
        .allowEmptyShould(true);
  }
}
