/**
 * HTTP endpoints of reports: the public report intake and the admin report view and exports.
 */
package dev.pinwheel.reports.web;
