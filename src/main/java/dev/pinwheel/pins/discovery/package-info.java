/**
 * Live discovery: a guarded TLS handshake with a host to learn the chain and keys it serves, used
 * by the discovery endpoint and by the live check at publish and rotation time.
 */
package dev.pinwheel.pins.discovery;
