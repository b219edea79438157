/**
 * Certificates and CSRs: strict PEM parsing, chain-order and expiry checks, RFC 6125 host
 * matching and the SPKI pins of their keys.
 */
package dev.pinwheel.pins.certificates;
