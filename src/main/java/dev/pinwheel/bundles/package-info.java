/**
 * Building, checking, signing, publishing and re-signing pin bundles, and their history.
 */
package dev.pinwheel.bundles;
