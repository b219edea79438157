/** Behaviour under faults: database outages, restarts, a killed process. */
package dev.pinwheel.resilience;
