/**
 * Signing keys (ES256) and bundle signing: the only package that ever sees a private key, which
 * it keeps encrypted under the master key at rest.
 */
package dev.pinwheel.signing;
