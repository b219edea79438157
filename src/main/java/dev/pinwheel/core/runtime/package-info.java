/**
 * How the service runs: the production-settings check that refuses a half-configured {@code prod}
 * start, and the startup line naming the active profiles and database.
 */
package dev.pinwheel.core.runtime;
