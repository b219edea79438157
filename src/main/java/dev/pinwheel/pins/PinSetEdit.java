package dev.pinwheel.pins;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed change of a domain's current pin set, the steps a rotation takes: pin a new key as a
 * backup, make a key primary, drop a key. Applied by the aggregate ({@link Domain#edit}); every
 * pin kept keeps its label and certificate metadata. The result is checked by the
 * {@link PinSetRule}s like any other new version.
 */
public sealed interface PinSetEdit {

    /** The pins after this edit, from the current ones (in order; nothing else changes). */
    List<Pin> apply(List<Pin> current);

    /**
     * Pins a key as a backup, appended to the set.
     *
     * @param pin a backup pin (with certificate metadata when it came from a certificate)
     */
    record StageBackup(Pin pin) implements PinSetEdit {

        public StageBackup {
            Objects.requireNonNull(pin, "pin");
            if (pin.role() != PinRole.BACKUP) {
                throw new IllegalArgumentException("a staged key is pinned as backup");
            }
        }

        @Override
        public List<Pin> apply(List<Pin> current) {
            List<Pin> out = new ArrayList<>(current);
            out.add(pin);
            return out;
        }
    }

    /**
     * Makes {@code primary} the primary key and {@code demoted} a backup; other pins keep their role.
     *
     * @param demoted may be null: no key is demoted
     */
    record Promote(PinHash primary, PinHash demoted) implements PinSetEdit {

        public Promote {
            Objects.requireNonNull(primary, "primary");
        }

        @Override
        public List<Pin> apply(List<Pin> current) {
            return current.stream()
                    .map(p -> p.hash().equals(primary)
                            ? p.withRole(PinRole.PRIMARY)
                            : p.hash().equals(demoted) ? p.withRole(PinRole.BACKUP) : p)
                    .toList();
        }
    }

    /** Removes a key from the set (nothing changes when it is not pinned). */
    record Drop(PinHash pin) implements PinSetEdit {

        public Drop {
            Objects.requireNonNull(pin, "pin");
        }

        @Override
        public List<Pin> apply(List<Pin> current) {
            return current.stream().filter(p -> !p.hash().equals(pin)).toList();
        }
    }
}
