/**
 * The operator console at {@code /console}: server-rendered pages over the application services, signed in
 * with an API token exchanged for a session cookie. A leaf: nothing depends on it.
 */
package dev.pinwheel.console;
