/**
 * Preloading exports: the newest published bundle of an app rendered for Android, OkHttp,
 * TrustKit, iOS ATS, HPKP or as the bundle itself, read only from the stored bundle. Nothing
 * depends on this package.
 */
package dev.pinwheel.exports;
