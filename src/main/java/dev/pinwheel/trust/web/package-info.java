/** Public trust documents and the trust chain admin API. */
package dev.pinwheel.trust.web;
