package dev.pinwheel.pins;

import java.util.List;

/**
 * What changed between two pin set versions of a domain: pins only in {@code to} ({@code added}),
 * only in {@code from} ({@code removed}), and in both with another role ({@code roleChanged}).
 */
public record PinSetDiff(
        HostName host, int from, int to, List<Pin> added, List<Pin> removed, List<RoleChange> roleChanged) {

    /** A pin present in both versions whose role changed. */
    public record RoleChange(PinHash pin, String label, PinRole from, PinRole to) {}
}
