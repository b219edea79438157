/**
 * HTTP endpoint of exports: {@code GET /admin/v1/apps/{appId}/exports/{format}} (viewer), a download.
 */
package dev.pinwheel.exports.web;
