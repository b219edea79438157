package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.core.Violation;
import dev.pinwheel.core.Violations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Parsing app ids, app settings and the wire names of roles and modes, with every malformed input. */
class AppSettingsTests {

    @Test
    void appIdsAreLowerCaseLettersDigitsAndHyphens() {
        assertThat(AppId.parse("shop-ios-2").value()).isEqualTo("shop-ios-2");
        assertThat(AppId.parse("a".repeat(63)).value()).hasSize(63);
        for (String bad : new String[] {"Shop", "-shop", "shop_ios", "shop ios", "a".repeat(64), "shop/ios", "ß"}) {
            assertThatThrownBy(() -> AppId.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("must match [a-z0-9][a-z0-9-]{0,62}");
        }
        assertThatThrownBy(() -> AppId.parse("")).hasMessage("is required");
        assertThatThrownBy(() -> AppId.parse(null)).hasMessage("is required");
    }

    @Test
    void settingsParseWithTheirDefaults() {
        Violations v = new Violations();
        AppSettings s = AppSettings.parse(v, "  Shop  ", null, null, null);
        assertThat(v.isEmpty()).isTrue();
        assertThat(s.displayName()).isEqualTo("Shop");
        assertThat(s.pollInterval()).isNull();
        assertThat(s.promoteAdoptionPercentOrDefault()).isEqualTo(App.DEFAULT_PROMOTE_ADOPTION_PERCENT);

        s = AppSettings.parse(v, "Shop", 900L, 7200L, 0);
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(900));
        assertThat(s.bundleLifetimeSeconds()).isEqualTo(7200L);
        assertThat(s.promoteAdoptionPercentOrDefault()).isZero();
    }

    @Test
    void malformedSettingsNameEveryFieldInOrder() {
        Violations v = new Violations();
        assertThat(AppSettings.parse(v, " ", 0L, 366L * 24 * 3600 + 1, 101)).isNull();
        assertThat(v.list())
                .containsExactly(
                        new Violation("displayName", "is required"),
                        new Violation("pollIntervalSeconds", "must be between 1 and 31622400 seconds"),
                        new Violation("bundleLifetimeSeconds", "must be between 1 and 31622400 seconds"),
                        new Violation("promoteAdoptionPercent", "must be between 0 and 100 (percent of recent polls)"));

        Violations w = new Violations();
        assertThat(AppSettings.parse(w, "x".repeat(201), 3600L, 3600L, -1)).isNull();
        assertThat(w.list())
                .extracting(Violation::field)
                .containsExactly("displayName", "bundleLifetimeSeconds", "promoteAdoptionPercent");
        assertThat(w.list().get(1).message()).isEqualTo("must be longer than pollIntervalSeconds");
    }

    @Test
    void settingsKeepTheirRulesWhenMadeDirectly() {
        assertThatThrownBy(() -> new AppSettings(null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("displayName");
        assertThatThrownBy(() -> new AppSettings("Shop", Duration.ofHours(2), Duration.ofHours(1), null))
                .hasMessageContaining("bundleLifetimeSeconds");
    }

    @Test
    void rolesAndModesParseOnlyTheirWireNames() {
        assertThat(PinRole.fromWire("backup")).isEqualTo(PinRole.BACKUP);
        assertThat(DomainMode.fromWire("report")).isEqualTo(DomainMode.REPORT);
        assertThatThrownBy(() -> PinRole.fromWire("Primary")).hasMessage("must be primary or backup");
        assertThatThrownBy(() -> PinRole.fromWire("secondary")).hasMessage("must be primary or backup");
        assertThatThrownBy(() -> DomainMode.fromWire("ENFORCE")).hasMessage("must be enforce or report");
        assertThatThrownBy(() -> DomainMode.fromWire("")).hasMessage("must be enforce or report");
    }

    @Test
    void everyRuleHasItsStableWireNames() {
        assertThat(PinSetRule.values())
                .extracting(PinSetRule::ruleName)
                .containsExactly(
                        "at-least-one-pin", "no-duplicate-pins", "enforce-needs-two-pins", "enforce-needs-backup");
        assertThat(PinSetRule.values())
                .extracting(PinSetRule::findingCode)
                .containsExactly("NO_PINS", null, "TOO_FEW_PINS", "NO_BACKUP_PIN");
    }
}
