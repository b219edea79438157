package dev.pinwheel.core.pem;

import static dev.pinwheel.core.pem.PemTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pinwheel.core.ProblemType;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile PEM text answers within a bound. The bound (2 s) is generous: it catches pathological
 * (quadratic, backtracking) behaviour, not speed; a regular expression with a lazy {@code (.*?)}
 * needed about 12 s for the first case. Each case runs once under the standard limits (refused
 * early) and once under limits large enough that the reader must scan the whole text.
 */
class PemHostileInputTests {

    static final Duration BOUND = Duration.ofSeconds(2);
    static final int MIB = 1024 * 1024;
    /** Large enough that the reader scans every character of the 1 MiB inputs. */
    static final PemLimits WIDE = new PemLimits(2 * MIB, 100_000, 2 * MIB);

    @Test
    void attackRepeatedBeginLinesIsRefusedWithinABound() {
        String attack = "-----BEGIN A-----".repeat(128 * 1024 / 17);

        assertTimeoutPreemptively(BOUND, () -> {
            assertProblem(() -> Pem.certificates(attack, "pem"), ProblemType.PEM_TOO_LARGE, "at most");
            assertProblem(
                    () -> Pem.certificates(attack, "pem", WIDE),
                    ProblemType.PEM_MALFORMED,
                    "PEM block 1 (A) holds another '-----' line before its -----END line");
        });
    }

    @Test
    void attackRepeatedBeginLinesOfOneMebibyteIsRefusedWithinABound() {
        String attack = "-----BEGIN CERTIFICATE-----\n".repeat(MIB / 28);

        assertTimeoutPreemptively(
                BOUND,
                () -> assertProblem(
                        () -> Pem.certificates(attack, "pem", WIDE),
                        ProblemType.PEM_MALFORMED,
                        "nested or unterminated block"));
    }

    @Test
    void attackDeepNestingIsRefusedWithinABound() {
        String open = "-----BEGIN CERTIFICATE-----\n";
        String close = "-----END CERTIFICATE-----\n";
        String nested = open.repeat(20_000) + PemTests.LEAF.certificatePem() + close.repeat(20_000);

        assertTimeoutPreemptively(BOUND, () -> {
            assertProblem(() -> Pem.certificates(nested, "pem"), ProblemType.PEM_TOO_LARGE, "at most");
            assertProblem(
                    () -> Pem.certificates(nested, "pem", WIDE),
                    ProblemType.PEM_MALFORMED,
                    "nested or unterminated block");
        });
    }

    @Test
    void attackHugeBase64IsRefusedWithinABound() {
        String huge = "-----BEGIN CERTIFICATE-----\n" + "QUFB\n".repeat(MIB / 5) + "-----END CERTIFICATE-----\n";

        assertTimeoutPreemptively(BOUND, () -> {
            assertProblem(() -> Pem.certificates(huge, "pem"), ProblemType.PEM_TOO_LARGE, "at most");
            assertProblem(
                    () -> Pem.certificates(huge, "pem", new PemLimits(2 * MIB, 10, 16 * 1024)),
                    ProblemType.PEM_TOO_LARGE,
                    "more than 16384 base64 characters");
            // under limits that allow it, the megabyte is decoded and found to be no certificate
            assertProblem(
                    () -> Pem.certificates(huge, "pem", WIDE),
                    ProblemType.CERTIFICATE_UNREADABLE,
                    "not a valid DER X.509 certificate");
        });
    }

    @Test
    void attackGarbageBetweenBlocksIsSkippedWithinABound() {
        String garbage = "---- -----BEGIN\n-----BEGIN lower-----\n=====\n".repeat(20_000);
        String small =
                PemTests.LEAF.certificatePem() + "junk ---- between\n".repeat(2_000) + PemTests.ROOT.certificatePem();

        assertTimeoutPreemptively(BOUND, () -> {
            assertThat(Pem.certificates(small, "pem")).hasSize(2);
            assertProblem(
                    () -> Pem.certificates(PemTests.LEAF.certificatePem() + garbage, "pem", WIDE),
                    ProblemType.PEM_MALFORMED,
                    "PEM block 2 has a malformed -----BEGIN line");
        });
    }

    @Test
    void attackOneMebibyteOfRandomTextIsRefusedWithinABound() {
        Random random = new Random(14);
        StringBuilder text = new StringBuilder(MIB);
        String alphabet = "-----BEGIN END ABCDEF =\n+/";
        while (text.length() < MIB) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String oneMib = text.toString();

        assertTimeoutPreemptively(BOUND, () -> {
            assertProblem(
                    () -> Pem.certificates(oneMib, "pem"), ProblemType.PEM_TOO_LARGE, "is " + MIB + " characters");
            assertThat(catchKind(() -> Pem.certificates(oneMib, "pem", WIDE)))
                    .isIn(ProblemType.PEM_MALFORMED, ProblemType.PEM_TOO_LARGE);
        });
    }

    @Test
    void attackManySmallBlocksStopsAtTheBlockLimitWithinABound() {
        String blocks = "-----BEGIN A-----\nAAAA\n-----END A-----\n".repeat(MIB / 38);

        assertTimeoutPreemptively(
                BOUND,
                () -> assertProblem(
                        () -> Pem.certificates(blocks, "pem", new PemLimits(2 * MIB, 10, 16 * 1024)),
                        ProblemType.PEM_TOO_LARGE,
                        "more than 10 PEM blocks"));
    }

    private static ProblemType catchKind(Runnable r) {
        try {
            r.run();
            return null;
        } catch (dev.pinwheel.core.ProblemException e) {
            return e.type();
        }
    }
}
