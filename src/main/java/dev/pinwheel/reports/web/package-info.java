/**
 * HTTP endpoints of reports: the public report intake and the admin report view.
 */
package dev.pinwheel.reports.web;
