package dev.pinwheel.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The console's cookies, all {@code HttpOnly}, {@code SameSite=Strict}, {@code Path=/console} and
 * {@code Secure} unless {@code pinwheel.console.secure-cookie=false} (the quick start): the session
 * cookie (the session id, for at most the absolute timeout) and, before sign-in only, the cookie
 * holding the sign-in form's CSRF token.
 */
@Component
public class ConsoleCookies {

    static final String SESSION = "pinwheel_console";
    static final String SIGN_IN_CSRF = "pinwheel_console_csrf";
    static final String PATH = "/console";

    private final ConsoleProperties properties;

    ConsoleCookies(ConsoleProperties properties) {
        this.properties = properties;
    }

    /** Sets the session cookie of a session just opened. */
    public void writeSession(HttpServletResponse response, ConsoleSessions.Opened opened) {
        write(response, SESSION, opened.sessionId(), properties.absoluteTimeout());
        write(response, SIGN_IN_CSRF, "", Duration.ZERO);
    }

    /** Removes the session cookie (sign-out, ended session). */
    public void clearSession(HttpServletResponse response) {
        write(response, SESSION, "", Duration.ZERO);
    }

    /** The session id the browser sent; empty when none. */
    public Optional<String> sessionId(HttpServletRequest request) {
        return value(request, SESSION);
    }

    Optional<String> signInCsrf(HttpServletRequest request) {
        return value(request, SIGN_IN_CSRF);
    }

    void writeSignInCsrf(HttpServletResponse response, String token) {
        write(response, SIGN_IN_CSRF, token == null ? "" : token, token == null ? Duration.ZERO : Duration.ofHours(1));
    }

    private void write(HttpServletResponse response, String name, String value, Duration maxAge) {
        ResponseCookie cookie = ResponseCookie.from(name, value)
                .httpOnly(true)
                .secure(properties.secureCookie())
                .sameSite("Strict")
                .path(PATH)
                .maxAge(maxAge)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    private static Optional<String> value(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName())
                    && c.getValue() != null
                    && !c.getValue().isEmpty()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }
}
