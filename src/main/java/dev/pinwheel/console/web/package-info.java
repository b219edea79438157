/** The console's page controllers, their view models and the inline SVG charts. */
package dev.pinwheel.console.web;
