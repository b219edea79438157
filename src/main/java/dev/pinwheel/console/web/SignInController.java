package dev.pinwheel.console.web;

import dev.pinwheel.console.ConsoleCookies;
import dev.pinwheel.console.ConsoleSessions;
import dev.pinwheel.console.ConsoleUser;
import dev.pinwheel.core.web.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in (an API token posted in a form, exchanged for a session cookie), sign-out and the page a
 * refused role sees. The token is read from the form body only and never written back.
 */
@Controller
class SignInController {

    private final ConsoleSessions sessions;
    private final ConsoleCookies cookies;
    private final ClientAddresses clients;

    SignInController(ConsoleSessions sessions, ConsoleCookies cookies, ClientAddresses clients) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.clients = clients;
    }

    @GetMapping("/console")
    String home() {
        return "redirect:/console/apps";
    }

    @GetMapping("/console/sign-in")
    String signInPage(HttpServletRequest request, Model model) {
        if (request.getAttribute(ConsoleUser.ATTRIBUTE) != null) {
            return "redirect:/console/apps";
        }
        touchCsrf(request);
        return "console/sign-in";
    }

    @PostMapping("/console/sign-in")
    String signIn(
            @RequestParam(name = "token", required = false) String token,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        ConsoleSessions.SignIn signIn = sessions.open(token, clients.key(request));
        if (signIn instanceof ConsoleSessions.Throttled throttled) {
            long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
            touchCsrf(request);
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(seconds));
            model.addAttribute("error", "Too many unknown tokens from this address; try again in " + seconds + " s.");
            return "console/sign-in";
        }
        if (!(signIn instanceof ConsoleSessions.Opened opened)) {
            touchCsrf(request);
            model.addAttribute(
                    "error",
                    "This token is unknown, revoked or expired. Paste the whole token "
                            + "(it starts with pw_ unless it was given from outside).");
            return "console/sign-in";
        }
        cookies.writeSession(response, opened);
        return "redirect:/console/apps";
    }

    @PostMapping("/console/sign-out")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        cookies.sessionId(request).ifPresent(sessions::close);
        cookies.clearSession(response);
        return "redirect:/console/sign-in?signedOut";
    }

    /** Where the filter chain forwards a request the role may not make. */
    @RequestMapping(
            path = "/console/denied",
            method = {RequestMethod.GET, RequestMethod.POST})
    String denied(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "console/denied";
    }

    /** Makes the deferred sign-in CSRF token exist now, so its cookie is set before the page is written. */
    private static void touchCsrf(HttpServletRequest request) {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken t) {
            t.getToken();
        }
    }
}
