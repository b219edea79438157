package dev.pinwheel.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * Where the console's CSRF tokens live, without a servlet session (so any replica can check them):
 * a signed-in request's token is its session row's random token; before sign-in (the sign-in form
 * only) it is a random token in an HttpOnly, SameSite=Strict cookie that the form must repeat.
 */
class ConsoleCsrfTokenRepository implements CsrfTokenRepository {

    static final String HEADER = "X-CSRF-TOKEN";
    static final String PARAMETER = "_csrf";

    private final ConsoleCookies cookies;

    ConsoleCsrfTokenRepository(ConsoleCookies cookies) {
        this.cookies = cookies;
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return new DefaultCsrfToken(HEADER, PARAMETER, ConsoleSessions.randomId());
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(ConsoleSessionFilter.LIVE) == null) {
            cookies.writeSignInCsrf(response, token == null ? null : token.getToken());
        }
        // a session's token is fixed for its lifetime: nothing to save
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        if (request.getAttribute(ConsoleSessionFilter.LIVE) instanceof ConsoleSessions.Live live) {
            return new DefaultCsrfToken(HEADER, PARAMETER, live.csrfToken());
        }
        return cookies.signInCsrf(request)
                .map(t -> (CsrfToken) new DefaultCsrfToken(HEADER, PARAMETER, t))
                .orElse(null);
    }
}
