package dev.pinwheel.core.web;

import dev.pinwheel.core.ProblemType;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem bodies with the stable type URI and title of a {@link ProblemType}. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(type.status(), detail);
        pd.setType(type.uri());
        pd.setTitle(type.title());
        return pd;
    }

    /** Gives a framework-made problem body one of our stable types, chosen by its status. */
    static void decorate(ProblemDetail pd, HttpStatusCode status) {
        for (ProblemType t : ProblemType.values()) {
            if (t.status().value() == status.value()) {
                pd.setType(t.uri());
                pd.setTitle(t.title());
                return;
            }
        }
    }
}
