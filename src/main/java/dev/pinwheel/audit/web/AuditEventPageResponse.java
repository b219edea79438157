package dev.pinwheel.audit.web;

import java.util.List;

/** A page of audit events, newest first; {@code page} is 0-based. */
record AuditEventPageResponse(List<AuditEventResponse> items, int page, int size, long totalItems) {}
