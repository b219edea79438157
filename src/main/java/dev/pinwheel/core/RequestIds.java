package dev.pinwheel.core;

import org.slf4j.MDC;

/** The id of the request being served, as put in the MDC by the request id filter. */
public final class RequestIds {

    public static final String MDC_KEY = "requestId";
    public static final String HEADER = "X-Request-Id";

    private RequestIds() {
    }

    /** The current request id, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
