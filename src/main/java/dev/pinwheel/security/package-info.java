/**
 * API tokens (stored only as hashes), roles viewer &lt; editor &lt; publisher &lt; admin, and the filter chain.
 */
package dev.pinwheel.security;
