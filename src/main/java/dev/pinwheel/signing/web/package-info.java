/** The public JWKS endpoint and the signing key admin API. */
package dev.pinwheel.signing.web;
