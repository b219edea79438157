/**
 * Periodic background work: every job is a {@link dev.pinwheel.core.jobs.PeriodicJob} that a
 * {@link dev.pinwheel.core.jobs.PeriodicWork} bean declares, run by
 * {@link dev.pinwheel.core.jobs.PeriodicJobs} on one scheduler (docs/adr/0012-periodic-jobs-on-one-scheduler.md).
 */
package dev.pinwheel.core.jobs;
