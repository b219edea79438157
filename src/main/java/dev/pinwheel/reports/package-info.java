/**
 * Client pin-failure reports (RFC 7469 section 3 plus app version, platform and bundle seq):
 * size- and rate-limited intake, aggregation of identical reports, retention, and the classified
 * admin view. Nothing depends on this package.
 */
package dev.pinwheel.reports;
