package dev.pinwheel.bundles;

import java.util.List;

/**
 * A check run on every candidate bundle before it is published (and on dry runs). Every
 * {@code BundleCheck} bean takes part, in {@code @Order}; an {@code error} finding refuses the
 * publish unless it is forced with a reason (and the finding is forceable). Checks must not
 * change anything.
 */
public interface BundleCheck {

    /** Findings about the candidate; empty when all is well. Never null. */
    List<Finding> check(BundleCandidate candidate);
}
