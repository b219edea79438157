/**
 * Alerts that reach people: the conditions the watch and the report intake raise, sent to
 * registered webhooks (signed, retried, de-duplicated, logged).
 */
package dev.pinwheel.alerts;
