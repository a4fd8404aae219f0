package dev.runbook.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published modules' descriptors, read from the built jars (or class folders) as a module path
 * would: each exports exactly its API packages, never an {@code internal} one, and the four
 * resolve together with their required dependencies into a layer whose classes load.
 */
class ModuleDescriptorTest {

  static final Map<String, Set<String>> API = Map.of(
      "dev.runbook.core", Set.of("dev.runbook.core"),
      "dev.runbook.health", Set.of("dev.runbook.health", "dev.runbook.health.alerts",
          "dev.runbook.health.amqp",
          "dev.runbook.health.checks",
          "dev.runbook.health.http", "dev.runbook.health.jobs", "dev.runbook.health.mail",
          "dev.runbook.health.micrometer", "dev.runbook.health.queues",
          "dev.runbook.health.servlet", "dev.runbook.health.slo", "dev.runbook.health.sources"),
      "dev.runbook.backup", Set.of("dev.runbook.backup", "dev.runbook.backup.cli",
          "dev.runbook.backup.files", "dev.runbook.backup.report", "dev.runbook.backup.spi"),
      "dev.runbook.jdbc", Set.of("dev.runbook.jdbc", "dev.runbook.jdbc.h2",
          "dev.runbook.jdbc.lease",
          "dev.runbook.jdbc.maintenance", "dev.runbook.jdbc.postgres", "dev.runbook.jdbc.queues",
          "dev.runbook.jdbc.sqlite"));

  /** A class of each module the four need at run time (the optional ones are left out). */
  static final List<String> RUNTIME = List.of("dev.runbook.core.Status",
      "dev.runbook.health.HealthRegistry", "dev.runbook.backup.BackupRepository",
      "dev.runbook.jdbc.DataSourceCheck", "com.fasterxml.jackson.databind.ObjectMapper",
      "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonValue",
      "org.slf4j.LoggerFactory", "io.github.resilience4j.circuitbreaker.CircuitBreaker",
      "io.github.resilience4j.core.EventConsumer", "com.github.luben.zstd.Zstd");

  static Path locate(String className) throws ClassNotFoundException, URISyntaxException {
    return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation()
        .toURI());
  }

  static Stream<Arguments> modules() {
    return API.keySet().stream().sorted().map(Arguments::of);
  }

  static ModuleDescriptor descriptor(String module) throws Exception {
    String probe = RUNTIME.stream().filter(c -> c.startsWith(module + ".")).findFirst()
        .orElseThrow();
    return ModuleFinder.of(locate(probe)).find(module).orElseThrow().descriptor();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void shouldExportItsApiPackagesOnly(String module) throws Exception {
    ModuleDescriptor descriptor = descriptor(module);

    assertThat(descriptor.isAutomatic()).as("%s has a module-info", module).isFalse();
    Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
    assertThat(exported).containsExactlyInAnyOrderElementsOf(API.get(module));
    assertThat(exported).noneMatch(p -> p.contains(".internal"));
    assertThat(descriptor.exports()).allMatch(e -> !e.isQualified());
    if (!module.equals("dev.runbook.core")) {
      // the rule above is not vacuous: the module has an internal package, and hides it
      assertThat(descriptor.packages()).contains(module + ".internal");
    }
  }

  @Test
  void shouldOpenTheBackupReportsToJacksonOnly() throws Exception {
    ModuleDescriptor backup = descriptor("dev.runbook.backup");

    assertThat(backup.opens()).isNotEmpty().allSatisfy(o ->
        assertThat(o.targets()).containsExactly("com.fasterxml.jackson.databind"));
  }

  @Test
  void shouldResolveOnAModulePathAndLoadTheApiFromTheLayer() throws Exception {
    Path[] path = new Path[RUNTIME.size()];
    for (int i = 0; i < path.length; i++) {
      path[i] = locate(RUNTIME.get(i));
    }
    ModuleLayer boot = ModuleLayer.boot();

    Configuration config = boot.configuration().resolve(ModuleFinder.of(path),
        ModuleFinder.of(), API.keySet());
    ModuleLayer layer = boot.defineModulesWithOneLoader(config,
        ClassLoader.getPlatformClassLoader());

    assertThat(config.modules()).extracting(ResolvedModule::name).contains("dev.runbook.core",
        "dev.runbook.health", "dev.runbook.backup", "dev.runbook.jdbc", "org.slf4j",
        "com.fasterxml.jackson.databind", "com.github.luben.zstd_jni");
    Class<?> status = layer.findLoader("dev.runbook.core").loadClass("dev.runbook.core.Status");
    assertThat(status.getModule().getName()).isEqualTo("dev.runbook.core");
    Object down = status.getMethod("valueOf", String.class).invoke(null, "DOWN");
    assertThat(status.getMethod("wireName").invoke(down)).isEqualTo("down");
    Class<?> internal = layer.findLoader("dev.runbook.backup")
        .loadClass("dev.runbook.backup.internal.Layout");
    assertThat(internal.getModule().isExported("dev.runbook.backup.internal")).isFalse();
  }
}
