package dev.pinwheel.core;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The stable kinds of problem Pinwheel answers with. Each has a fixed {@code type} URI and
 * {@code title}; the per-request {@code detail} comes from the {@link ProblemException}.
 * Areas add their own kinds here so every type URI is listed in one place.
 */
public enum ProblemType {
    VALIDATION("validation", "Invalid request", HttpStatus.BAD_REQUEST),
    MALFORMED_BODY("malformed-body", "Malformed request body", HttpStatus.BAD_REQUEST),
    UNAUTHORIZED("unauthorized", "Authentication required", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", "Insufficient role", HttpStatus.FORBIDDEN),
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
    CONFLICT("conflict", "Conflict", HttpStatus.CONFLICT),
    PIN_SET_RULE("pin-set-rule", "Pin set rule violated", HttpStatus.CONFLICT),
    PRECONDITION_FAILED("precondition-failed", "Version precondition failed", HttpStatus.PRECONDITION_FAILED),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    UNPROCESSABLE("unprocessable", "Unprocessable content", HttpStatus.UNPROCESSABLE_CONTENT),
    PRECONDITION_REQUIRED("precondition-required", "If-Match required", HttpStatus.PRECONDITION_REQUIRED),
    RATE_LIMITED("rate-limited", "Too many requests", HttpStatus.TOO_MANY_REQUESTS),
    INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR),
    UNAVAILABLE("unavailable", "Service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
    BUNDLE_CHECK_FAILED("bundle-check-failed", "Bundle checks failed", HttpStatus.CONFLICT),
    ADDRESS_NOT_ALLOWED("address-not-allowed", "Address not allowed", HttpStatus.UNPROCESSABLE_CONTENT),
    HOST_UNRESOLVABLE("host-unresolvable", "Host name does not resolve", HttpStatus.UNPROCESSABLE_CONTENT),
    TLS_TIMEOUT("tls-timeout", "TLS endpoint timed out", HttpStatus.GATEWAY_TIMEOUT),
    TLS_FAILED("tls-failed", "TLS handshake failed", HttpStatus.BAD_GATEWAY),
    ROTATION_NOT_SAFE_YET("rotation-not-safe-yet", "Rotation step not safe yet", HttpStatus.CONFLICT),
    ROTATION_STATE("rotation-state", "Rotation step not allowed in this state", HttpStatus.CONFLICT),
    PEM_TOO_LARGE("pem-too-large", "PEM text over a limit", HttpStatus.CONTENT_TOO_LARGE),
    PEM_MALFORMED("pem-malformed", "Malformed PEM text", HttpStatus.UNPROCESSABLE_CONTENT),
    PEM_WRONG_BLOCK("pem-wrong-block", "Unexpected kind of PEM block", HttpStatus.UNPROCESSABLE_CONTENT),
    CERTIFICATE_UNREADABLE(
            "certificate-unreadable", "Unreadable certificate or request", HttpStatus.UNPROCESSABLE_CONTENT),
    TRUST_DOCUMENT_INVALID("trust-document-invalid", "Trust document not acceptable", HttpStatus.UNPROCESSABLE_CONTENT),
    TRUST_THRESHOLD_NOT_MET(
            "trust-threshold-not-met", "Not enough valid root signatures", HttpStatus.UNPROCESSABLE_CONTENT),
    TRUST_SIGNATURE_INVALID(
            "trust-signature-invalid", "A root signature does not verify", HttpStatus.UNPROCESSABLE_CONTENT),
    TRUST_DOCUMENT_EXPIRED("trust-document-expired", "Trust document expired", HttpStatus.UNPROCESSABLE_CONTENT),
    TRUST_VERSION("trust-version", "Trust document version not acceptable", HttpStatus.CONFLICT),
    TRUST_NO_ROOT("trust-no-root", "No root of trust yet", HttpStatus.CONFLICT),
    KEY_NOT_ENDORSED("key-not-endorsed", "Signing key not endorsed by the served key set", HttpStatus.CONFLICT),
    KEY_STILL_SIGNING("key-still-signing", "Key still signs served bundles", HttpStatus.CONFLICT),
    SIGNING_KEY_ROLLBACK("signing-key-rollback", "Signing key rotation cannot be rolled back", HttpStatus.CONFLICT);

    /** Base of every problem type URI. */
    public static final String BASE = "https://pinwheel.dev/problems/";

    private final String slug;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    /**
     * The first kind with this HTTP status (for errors raised outside our code), or
     * {@link #INTERNAL} / {@link #VALIDATION} for an unlisted 5xx / 4xx status.
     */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status.value() == status) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }
}
