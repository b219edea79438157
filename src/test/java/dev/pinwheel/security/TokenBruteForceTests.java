package dev.pinwheel.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Guessing token secrets: after a few failed lookups from one address, its bearer requests get
 * 429 (no lookup at all), while valid tokens from other addresses keep working at full speed.
 * Clients use distinct loopback source addresses (127.0.0.2, 127.0.0.3) to be told apart.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "PINWHEEL_BOOTSTRAP_TOKEN=" + Tokens.ADMIN,
            "pinwheel.security.failed-tokens.limit=3",
            "pinwheel.security.failed-tokens.period=1h",
            "pinwheel.client-address.trusted-proxies=127.0.0.9"
        })
class TokenBruteForceTests {

    static final String ADMIN = Tokens.ADMIN;

    @LocalServerPort
    int port;

    @Test
    void bruteForcingTokenSecretsIsThrottledPerAddress() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(get("127.0.0.2", "pw_guess" + i)).startsWith("HTTP/1.1 401");
        }
        String throttled = get("127.0.0.2", "pw_guess3");
        assertThat(throttled)
                .startsWith("HTTP/1.1 429")
                .containsIgnoringCase("Retry-After: ")
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("https://pinwheel.dev/problems/rate-limited")
                .doesNotContain("pw_guess3");
        long retryAfter = Long.parseLong(throttled.replaceAll("(?is).*retry-after: *([0-9]+).*", "$1"));
        assertThat(retryAfter).isBetween(1L, 3600L);
        // the guessing address stays throttled, even when it finally sends a right secret
        assertThat(get("127.0.0.2", ADMIN)).startsWith("HTTP/1.1 429");

        // another address with a valid token is not slowed down
        for (int i = 0; i < 20; i++) {
            assertThat(get("127.0.0.3", ADMIN)).startsWith("HTTP/1.1 200");
        }
        // and one wrong guess from a third address is an ordinary 401
        assertThat(get("127.0.0.4", "pw_typo")).startsWith("HTTP/1.1 401");
    }

    @Test
    void bruteForcingBehindATrustedProxyThrottlesTheGuesserNotEveryoneBehindIt() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(get("127.0.0.9", "pw_guess" + i, "198.51.100.1")).startsWith("HTTP/1.1 401");
        }
        assertThat(get("127.0.0.9", "pw_guess3", "198.51.100.1")).startsWith("HTTP/1.1 429");

        // another client behind the same proxy is not throttled
        assertThat(get("127.0.0.9", ADMIN, "198.51.100.2")).startsWith("HTTP/1.1 200");
        // a forged header from an untrusted peer does not name the client: the guesses count for the peer
        for (int i = 0; i < 3; i++) {
            assertThat(get("127.0.0.5", "pw_forged" + i, "198.51.100.2")).startsWith("HTTP/1.1 401");
        }
        assertThat(get("127.0.0.5", ADMIN, "198.51.100.3")).startsWith("HTTP/1.1 429");
        assertThat(get("127.0.0.9", ADMIN, "198.51.100.2")).startsWith("HTTP/1.1 200");
    }

    @Test
    void guessesAtTheConsoleSignInAndTheApiShareOneBudget() throws IOException {
        // two wrong guesses through the API and one through the console's sign-in form use up the three
        for (int i = 0; i < 2; i++) {
            assertThat(get("127.0.0.6", "pw_guess" + i)).startsWith("HTTP/1.1 401");
        }
        String refused = signIn("127.0.0.6", "pw_guess2");
        assertThat(refused).startsWith("HTTP/1.1 200").contains("This token is unknown, revoked or expired");
        assertThat(sessionCookies(refused)).isEmpty();

        // now even the right token is refused at the console, in words, with no session
        String throttled = signIn("127.0.0.6", ADMIN);
        assertThat(throttled)
                .startsWith("HTTP/1.1 429")
                .containsIgnoringCase("Retry-After: ")
                .contains("Too many unknown tokens from this address")
                .doesNotContain(ADMIN);
        assertThat(sessionCookies(throttled)).isEmpty();
        // and at the API
        assertThat(get("127.0.0.6", ADMIN)).startsWith("HTTP/1.1 429");
        // another address signs in
        String signedIn = signIn("127.0.0.7", ADMIN);
        assertThat(signedIn).startsWith("HTTP/1.1 302");
        assertThat(sessionCookies(signedIn)).hasSize(1);
    }

    /** The console session cookies a response sets. */
    private static java.util.List<String> sessionCookies(String response) {
        return response.lines()
                .filter(l -> l.regionMatches(true, 0, "Set-Cookie: pinwheel_console=", 0, 29))
                .toList();
    }

    /** Signs in at the console from the given loopback address: the form page for its CSRF token, then the post. */
    private String signIn(String from, String token) throws IOException {
        String page = exchange(from, "GET /console/sign-in HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String csrf = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String cookies = String.join(
                "; ",
                page.lines()
                        .filter(l -> l.regionMatches(true, 0, "Set-Cookie:", 0, 11))
                        .map(l -> l.substring(11).strip().split(";", 2)[0])
                        .toList());
        String body = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return exchange(
                from,
                "POST /console/sign-in HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookies
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    private String get(String from, String token) throws IOException {
        return get(from, token, null);
    }

    /** A raw HTTP/1.1 GET of the app list from the given loopback source address, optionally forwarded for a client. */
    private String get(String from, String token, String forwardedFor) throws IOException {
        return exchange(
                from,
                "GET /admin/v1/apps HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + (forwardedFor == null ? "" : "\r\nX-Forwarded-For: " + forwardedFor)
                        + "\r\nConnection: close\r\n\r\n");
    }

    /** One raw HTTP/1.1 exchange from the given loopback source address. */
    private String exchange(String from, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
