/** Admin API of webhooks and their delivery log. */
package dev.pinwheel.alerts.web;
