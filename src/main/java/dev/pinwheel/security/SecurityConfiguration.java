package dev.pinwheel.security;

import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.web.ClientAddresses;
import dev.pinwheel.core.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter chain. {@code /admin/**} needs a bearer token: reads need {@code viewer}, any
 * other method at least {@code editor}; controllers raise that with {@code @PreAuthorize} for
 * publisher- and admin-only actions. Public client endpoints ({@code /v1/**}) need nothing.
 * Under {@code /actuator}, health (liveness, readiness) is public, {@code GET /actuator/prometheus}
 * needs a viewer token (for a scraper) and everything else an admin token.
 * 401 and 403 are problem+json like every other error.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    SecurityFilterChain filterChain(
            HttpSecurity http,
            ApiTokenRepository tokens,
            Clock clock,
            TransactionTemplate tx,
            JsonMapper json,
            TokenAuthentication authentication,
            ClientAddresses clients)
            throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new BearerTokenFilter(tokens, clock, tx, authentication, json, clients),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, "/admin/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.HEAD, "/admin/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers("/admin/**")
                        .hasRole(Role.EDITOR.name())
                        .requestMatchers("/actuator/health/**", "/actuator/health")
                        .permitAll()
                        // a read-only (viewer) token may scrape metrics; every other endpoint needs admin
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> writeProblem(
                                json,
                                req,
                                res,
                                ProblemType.UNAUTHORIZED,
                                "A valid bearer token is required: send Authorization: Bearer <token>."))
                        .accessDeniedHandler((req, res, ex) -> writeProblem(
                                json,
                                req,
                                res,
                                ProblemType.FORBIDDEN,
                                "This token's role may not " + req.getMethod() + " " + req.getRequestURI() + ".")))
                .headers(h -> h.cacheControl(c -> c.disable()));
        return http.build();
    }

    /**
     * Requests the firewall refuses (encoded slashes, {@code ;} parameters, {@code ..} segments) get
     * 400 through the error page, so a problem+json body, instead of a 500.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new HttpStatusRequestRejectedHandler();
    }

    /** No user store: only bearer tokens authenticate. Keeps Boot from generating a password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    private static void writeProblem(
            JsonMapper json, HttpServletRequest req, HttpServletResponse res, ProblemType type, String detail)
            throws IOException {
        if (type == ProblemType.UNAUTHORIZED) {
            res.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        Problems.write(json, res, Problems.of(type, detail, req));
    }
}
