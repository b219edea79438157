package dev.pinwheel.console.web;

import dev.pinwheel.console.ConsoleUser;
import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * For every console page: who is signed in ({@code me}, null on the sign-in page) and what they may do;
 * a refusal that a page did not show in place is shown on the refusal page in the problem's words.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    @ModelAttribute
    void me(HttpServletRequest request, Model model) {
        if (request.getAttribute(ConsoleUser.ATTRIBUTE) instanceof ConsoleUser me) {
            model.addAttribute("me", me);
            model.addAttribute("canEdit", me.may(Role.EDITOR));
            model.addAttribute("canPublish", me.may(Role.PUBLISHER));
            model.addAttribute("isAdmin", me.may(Role.ADMIN));
        }
    }

    /** A refusal the page did not handle in place: the problem's words, not its status code. */
    @ExceptionHandler({ProblemException.class, DomainException.class})
    String refused(RuntimeException e, Model model) {
        model.addAttribute("problem", ProblemView.of(e));
        return "console/refused";
    }

    /** A malformed address or form field (e.g. a seq that is not a number): in words, as the API would say it. */
    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    String malformed(Exception e, Model model) {
        String name = e instanceof MethodArgumentTypeMismatchException m
                ? m.getName()
                : ((MissingServletRequestParameterException) e).getParameterName();
        model.addAttribute("problem", ProblemView.of("Invalid request", name + ": is missing or not valid here"));
        return "console/refused";
    }

    @ExceptionHandler(AccessDeniedException.class)
    String denied(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        me(request, model);
        return "console/denied";
    }
}
