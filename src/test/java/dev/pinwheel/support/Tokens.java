package dev.pinwheel.support;

import java.util.Map;

/**
 * The one way tests get a token of each role: every test instance of Pinwheel starts with the
 * bootstrap admin token {@link #ADMIN}; viewer and editor tokens are created through the admin API,
 * as an operator would.
 */
public final class Tokens {

    /** The bootstrap admin token ({@code PINWHEEL_BOOTSTRAP_TOKEN}) of every test instance. */
    public static final String ADMIN = "test-admin-secret";

    /** {@link #ADMIN} as an {@code Authorization} header value. */
    public static final String ADMIN_BEARER = "Bearer " + ADMIN;

    private Tokens() {}

    /** A new token of {@code role} (viewer, editor or admin), created by {@code admin}; returns its secret. */
    public static String create(TestHttp admin, String role) {
        TestHttp.Response r =
                admin.post("/admin/v1/tokens", Map.of("name", role + "-" + BundleFixtures.suffix(), "role", role));
        if (r.status() != 201) {
            throw new AssertionError("creating a " + role + " token: " + r.status() + " "
                    + r.raw().body());
        }
        return r.text("token");
    }

    public static String viewer(TestHttp admin) {
        return create(admin, "viewer");
    }

    public static String editor(TestHttp admin) {
        return create(admin, "editor");
    }
}
