/** Admin API for publishing bundles and reading their history. */
package dev.pinwheel.bundles.web;
