/**
 * Shared kernel: problem types, the clock, request ids and the auditable-event contract; no business rules.
 */
package dev.pinwheel.core;
