package dev.pinwheel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one violations collector: what it names, in which order, and the one problem it throws. */
class ViolationsTests {

    enum Colour {
        RED,
        DARK_GREEN,
        BLUE
    }

    enum Side {
        LEFT,
        RIGHT
    }

    static Integer positive(String text) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return n;
    }

    @Test
    void nothingCollectedThrowsNothing() {
        Violations v = new Violations();
        assertThat(v.required("n", "3", ViolationsTests::positive)).isEqualTo(3);
        assertThat(v.optional("m", null, ViolationsTests::positive)).isNull();
        assertThat(v.isEmpty()).isTrue();
        assertThatCode(v::throwIfAny).doesNotThrowAnyException();
    }

    @Test
    void namesEveryBadFieldInOrderInOneValidationProblem() {
        Violations v = new Violations();
        assertThat(v.required("a", null, ViolationsTests::positive)).isNull();
        assertThat(v.required("b", "x", ViolationsTests::positive)).isNull();
        assertThat(v.optional("c", "-1", ViolationsTests::positive)).isNull();
        v.add("d", "is odd");

        assertThatThrownBy(v::throwIfAny).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
            assertThat(e.detail()).isEqualTo("4 fields are invalid");
            assertThat(e.extensions().get("violations"))
                    .isEqualTo(List.of(
                            new Violation("a", "is required"),
                            new Violation("b", "must be a number"),
                            new Violation("c", "must be positive"),
                            new Violation("d", "is odd")));
        });
    }

    @Test
    void oneViolationIsTheDetail() {
        assertThatThrownBy(() -> Violations.single("host", "0", ViolationsTests::positive))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.detail()).isEqualTo("host: must be positive"));
        assertThat(Violations.single("host", "7", ViolationsTests::positive)).isEqualTo(7);
    }

    @Test
    void enumsParseOnlyTheirExactLowerCaseWireNames() {
        Violations v = new Violations();
        assertThat(v.oneOf("side", "left", Side.class)).isEqualTo(Side.LEFT);
        assertThat(v.oneOf("colour", "dark_green", Colour.class)).isEqualTo(Colour.DARK_GREEN);
        assertThat(v.isEmpty()).isTrue();

        assertThat(v.oneOf("side", "LEFT", Side.class)).isNull();
        assertThat(v.oneOf("side", " left", Side.class)).isNull();
        assertThat(v.oneOf("side", "", Side.class)).isNull();
        assertThat(v.oneOf("side", null, Side.class)).isNull();
        assertThat(v.oneOf("colour", "green", Colour.class)).isNull();
        assertThat(v.list())
                .containsExactly(
                        new Violation("side", "must be left or right"),
                        new Violation("side", "must be left or right"),
                        new Violation("side", "must be left or right"),
                        new Violation("side", "is required: left or right"),
                        new Violation("colour", "must be red, dark_green or blue"));
    }

    @Test
    void wireValueRefusesWhatIsNotAWireName() {
        assertThat(Violations.wireValue(Side.class, "right")).isEqualTo(Side.RIGHT);
        assertThatThrownBy(() -> Violations.wireValue(Side.class, "RIGHT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be left or right");
        assertThatThrownBy(() -> Violations.wireValue(Side.class, null)).isInstanceOf(IllegalArgumentException.class);
    }

    static ProblemException pemProblem(ProblemType type, String field) {
        return new ProblemException(
                type, field + ": unusable", Map.of("violations", List.of(new Violation(field, "unusable"))));
    }

    @Test
    void onlyPemFaultsKeepTheFirstPemProblemKindAndListThemAll() {
        Violations v = new Violations();
        assertThat(v.<String>pem(() -> {
                    throw pemProblem(ProblemType.PEM_MALFORMED, "pins[0].certificate");
                }))
                .isNull();
        assertThat(v.<String>pem(() -> {
                    throw pemProblem(ProblemType.PEM_TOO_LARGE, "pins[1].certificate");
                }))
                .isNull();
        assertThat(v.pem(() -> "parsed")).isEqualTo("parsed");

        assertThatThrownBy(v::throwIfAny).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.PEM_MALFORMED);
            assertThat(e.detail()).isEqualTo("2 fields hold unusable PEM text");
            assertThat(e.extensions().get("violations")).asList().hasSize(2);
        });
    }

    @Test
    void onePemFaultKeepsItsOwnDetail() {
        Violations v = new Violations();
        v.pem(() -> {
            throw pemProblem(ProblemType.CERTIFICATE_UNREADABLE, "certificate");
        });
        assertThatThrownBy(v::throwIfAny).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.CERTIFICATE_UNREADABLE);
            assertThat(e.detail()).isEqualTo("certificate: unusable");
        });
    }

    @Test
    void pemFaultsWithOtherFaultsAreOneValidationProblem() {
        Violations v = new Violations();
        v.pem(() -> {
            throw pemProblem(ProblemType.PEM_WRONG_BLOCK, "certificate");
        });
        v.add("comment", "is too long");
        assertThatThrownBy(v::throwIfAny).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
            assertThat(e.extensions().get("violations")).asList().hasSize(2);
        });
    }

    @Test
    void problemsThatAreNotPemPassThrough() {
        Violations v = new Violations();
        assertThatThrownBy(() -> v.pem(() -> {
                    throw ProblemException.notFound("no such thing");
                }))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        assertThat(v.isEmpty()).isTrue();
    }
}
