package dev.runbook.spring;

import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.servlet.HealthServlet;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * With {@code runbook.health.server=management}, the endpoint is served where Actuator serves:
 * on {@code management.server.port} when that differs from the application's port (in Actuator's
 * child context), else on the application's port. The routes are the same.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServletRegistrationBean.class, HealthServlet.class})
@ConditionalOnProperty(prefix = "runbook.health", name = "server", havingValue = "management")
public class RunbookManagementEndpoint {

  @Bean
  public ServletRegistrationBean<HealthServlet> runbookManagementHealthServlet(
      HealthEndpoint endpoint, RunbookProperties properties) {
    return RunbookHealthAutoConfiguration.ServletEndpoint.registration(endpoint, properties);
  }
}
