package dev.pinwheel.core.jobs;

import java.util.List;

/**
 * A bean that has periodic work: {@link PeriodicJobs} runs the jobs it declares, with their intervals
 * from the owning package's properties record.
 */
@FunctionalInterface
public interface PeriodicWork {

    /** The jobs of this bean; asked once, at start-up. Never null. */
    List<PeriodicJob> periodicJobs();
}
