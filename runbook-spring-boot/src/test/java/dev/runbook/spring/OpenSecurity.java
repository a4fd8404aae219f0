package dev.runbook.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security as an application that leaves its health routes open would configure it: every
 * request allowed, HTTP Basic authenticating who sends credentials (the user {@code ops}).
 */
@Configuration(proxyBeanMethods = false)
class OpenSecurity {

  static final String USER = "ops";
  static final String PASSWORD = "ops-password-0123";

  @Bean
  SecurityFilterChain openChain(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults()).csrf(c -> c.disable()).build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername(USER).password("{noop}" + PASSWORD).roles("OPS").build());
  }
}
