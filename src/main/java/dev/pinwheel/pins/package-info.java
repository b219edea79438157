/**
 * Apps, domains and their versioned pin sets; the rules every pin set keeps (RFC 7469 backup pins).
 */
package dev.pinwheel.pins;
