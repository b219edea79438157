package dev.pinwheel.core;

/**
 * A refusal by the domain model, said in the domain's words: a rule an entity keeps, a state it
 * is not in, a version that moved on. The message says what was refused and why; it must never
 * contain secrets or key material. The web layer maps each kind to a problem response in one
 * place; the model never names HTTP statuses, headers or problem types.
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
