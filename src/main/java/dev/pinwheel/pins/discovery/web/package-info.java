/** Admin endpoint for live discovery ({@code /admin/v1/discoveries}). */
package dev.pinwheel.pins.discovery.web;
