/** Read-only admin endpoints of the audit log: listing and verifying the hash chain. */
package dev.pinwheel.audit.web;
