package dev.pinwheel.console;

import dev.pinwheel.security.Role;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's own filter chain for {@code /console/**}, ahead of the API chain (which stays as it
 * is). Reads need any signed-in token (viewer), every other method at least editor — the same rule as
 * the API's {@code /admin/**} — and the console's controllers raise that with {@code @PreAuthorize}
 * exactly where the API's controllers do. CSRF protection on every state change; no servlet session
 * (sessions are rows every replica reads). Strict Content-Security-Policy: only the service's own
 * script and style files, no inline code, no framing.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, ConsoleSessions sessions, ConsoleCookies cookies)
            throws Exception {
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        denied.setErrorPage("/console/denied");
        http.securityMatcher("/console", "/console/**")
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> {})
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(c -> c.csrfTokenRepository(new ConsoleCsrfTokenRepository(cookies)))
                .addFilterBefore(new ConsoleSessionFilter(sessions, cookies), CsrfFilter.class)
                .authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/console/assets/**", "/console/sign-in")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.POST, "/console/sign-out")
                        .hasRole(Role.VIEWER.name())
                        .anyRequest()
                        .hasRole(Role.EDITOR.name()))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/console/sign-in"))
                                .accessDeniedHandler(denied))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(f -> f.deny()));
        return http.build();
    }
}
