package dev.pinwheel.bundles.web;

import dev.pinwheel.core.ProblemException;

final class Seqs {

    private Seqs() {}

    static long check(long seq) {
        if (seq < 1) {
            throw ProblemException.invalid("seq", "must be at least 1");
        }
        return seq;
    }
}
