package dev.pinwheel.core.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit; becomes a 413 problem. */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
