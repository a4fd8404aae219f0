package dev.runbook.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckScanTest {

  private final HealthRegistry registry = HealthRegistry.builder().build();

  @AfterEach
  void close() {
    registry.close();
  }

  static class EveryShape {
    boolean emailUp = false;

    @Check(name = "a-result", groups = {"readiness", "db"}, timeout = "1s", ttl = "0s")
    public CheckResult result() {
      return CheckResult.degraded("lagging");
    }

    @Check(name = "b-status")
    public Status status() {
      return Status.DOWN;
    }

    @Check(name = "c-boolean", critical = false)
    boolean email() {
      return emailUp;
    }

    @Check(name = "d-void")
    private void nothing() {}

    @Check(name = "e-throws")
    public void fails() throws java.io.IOException {
      throw new java.io.IOException("disk gone");
    }
  }

  @Test
  void shouldRegisterEverySupportedShapeWithItsOptions() {
    assertThat(registry.scan(new EveryShape()))
        .containsExactly("a-result", "b-status", "c-boolean", "d-void", "e-throws");

    Map<String, CheckSnapshot> byName = registry.report("readiness").checks().stream()
        .collect(Collectors.toMap(CheckSnapshot::name, Function.identity()));

    assertThat(byName.get("a-result").status()).isEqualTo(Status.DEGRADED);
    assertThat(byName.get("b-status").error()).contains("status() returned down");
    assertThat(byName.get("c-boolean").error()).contains("email() returned false");
    assertThat(byName.get("c-boolean").critical()).isFalse();
    assertThat(byName.get("d-void").status()).isEqualTo(Status.OK);
    assertThat(byName.get("e-throws").error()).contains("disk gone");
    assertThat(byName.get("e-throws").details()).containsEntry("exception", "java.io.IOException");
    assertThat(registry.report("db").checks()).extracting(CheckSnapshot::name)
        .containsExactly("a-result");
  }

  static class BackgroundCheck {
    @Check(name = "index", every = "1h", timeout = "PT30S")
    public boolean index() {
      return true;
    }
  }

  @Test
  void shouldScheduleAnEveryCheckInTheBackground() {
    registry.scan(new BackgroundCheck());

    assertThat(registry.report("readiness").checks()).hasSize(1);
  }

  static class WithParameter {
    @Check(name = "x")
    public boolean check(String host) {
      return host != null;
    }
  }

  static class WrongReturn {
    @Check(name = "x")
    public String check() {
      return "ok";
    }
  }

  static class BadDuration {
    @Check(name = "x", timeout = "2 seconds")
    public boolean check() {
      return true;
    }
  }

  static class BadName {
    @Check(name = "Email Provider")
    public boolean check() {
      return true;
    }
  }

  static class Duplicate {
    @Check(name = "same")
    public boolean one() {
      return true;
    }

    @Check(name = "same")
    public boolean two() {
      return true;
    }
  }

  static class Reserved {
    @Check(name = "version")
    public boolean check() {
      return true;
    }
  }

  static class Nothing {}

  @Test
  void shouldRejectBadDeclarationsNamingClassMethodAndFix() {
    String prefix = CheckScanTest.class.getName() + "$";
    assertThatThrownBy(() -> registry.scan(new WithParameter()))
        .hasMessageStartingWith(prefix + "WithParameter.check() takes parameters")
        .hasMessageContaining("takes no parameters and returns CheckResult, Status, boolean");
    assertThatThrownBy(() -> registry.scan(new WrongReturn()))
        .hasMessageStartingWith(prefix + "WrongReturn.check() returns java.lang.String");
    assertThatThrownBy(() -> registry.scan(new BadDuration()))
        .hasMessageStartingWith(prefix + "BadDuration.check(): @Check(timeout = \"2 seconds\")")
        .hasMessageContaining("use e.g. \"2s\"");
    assertThatThrownBy(() -> registry.scan(new BadName()))
        .hasMessageStartingWith(prefix + "BadName.check(): check name \"Email Provider\"");
    assertThatThrownBy(() -> registry.scan(new Duplicate()))
        .hasMessageContaining("check name \"same\" is declared twice");
    assertThatThrownBy(() -> registry.scan(new Reserved()))
        .hasMessageContaining("\"version\" is reserved");
    assertThatThrownBy(() -> registry.scan(new Nothing()))
        .hasMessageContaining("has no @Check methods");
  }

  @Test
  void shouldRegisterNothingWhenAnyDeclarationIsBad() {
    registry.register("b-status", CheckResult::ok);

    assertThatThrownBy(() -> registry.scan(new EveryShapeClashing()))
        .hasMessageContaining("\"b-status\" is already registered");
    assertThat(registry.names()).containsExactly("b-status");
  }

  static class EveryShapeClashing extends EveryShape {}

  @Test
  void shouldRejectInitialStatusOnAnOnDemandCheck() {
    assertThatThrownBy(() -> CheckOptions.builder().initialStatus(Status.OK).build())
        .hasMessageContaining("initialStatus(ok) applies only to background checks");
    assertThatThrownBy(() -> CheckOptions.builder().timeout(Duration.ZERO))
        .hasMessageContaining("timeout PT0S must be positive");
  }
}
