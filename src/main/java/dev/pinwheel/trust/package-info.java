/**
 * The root of trust: root versions and endorsed key sets (JWS JSON signed by a threshold of root keys),
 * verified in one place ({@link dev.pinwheel.trust.TrustVerifier}), served from memory, and the rule that
 * bundles are signed only with a key the served key set lists.
 */
package dev.pinwheel.trust;
