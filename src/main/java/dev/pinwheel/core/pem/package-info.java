/**
 * The one way text becomes certificates and certificate signing requests: a linear-time PEM reader
 * with one set of limits and one problem type per kind of failure.
 */
package dev.pinwheel.core.pem;
