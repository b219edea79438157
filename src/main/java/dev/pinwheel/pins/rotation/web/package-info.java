/** Admin endpoints for certificate rotations ({@code /admin/v1/domains/{host}/rotations}). */
package dev.pinwheel.pins.rotation.web;
