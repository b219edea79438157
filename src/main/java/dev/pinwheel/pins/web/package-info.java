/**
 * The admin API of apps, domains, pin sets and certificate pins under {@code /admin/v1}.
 */
package dev.pinwheel.pins.web;
