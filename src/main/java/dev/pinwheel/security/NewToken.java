package dev.pinwheel.security;

/**
 * A token just created, with its secret. The secret exists only here: it is shown to the caller
 * once and never stored (only its hash is).
 */
public record NewToken(ApiToken token, String secret) {

    @Override
    public String toString() {
        return "NewToken[" + token.name() + "]";
    }
}
