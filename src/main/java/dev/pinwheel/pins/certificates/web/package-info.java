/** Admin endpoints for a domain's certificates and for certificates about to expire. */
package dev.pinwheel.pins.certificates.web;
