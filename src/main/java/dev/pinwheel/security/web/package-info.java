/** Admin endpoints for API tokens (admin role only). */
package dev.pinwheel.security.web;
