/** The client polling endpoint {@code GET /v1/apps/{appId}/bundle}. */
package dev.pinwheel.delivery.web;
