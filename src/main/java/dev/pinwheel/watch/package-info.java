/**
 * The watch on live hosts (probes, observed-key history, findings) and the autopilot that drives
 * rotations staged with it.
 */
package dev.pinwheel.watch;
