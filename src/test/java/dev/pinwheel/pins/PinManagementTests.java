package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.support.MutableClock;
import dev.pinwheel.support.RotationSpringTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/** The service and the {@link PinCatalog} bundles read, on PostgreSQL, with a hand-moved clock. */
@RotationSpringTest
class PinManagementTests {

    @Autowired
    PinManagement pins;

    @Autowired
    PinCatalog catalog;

    @Autowired
    MutableClock clock;

    @AfterEach
    void clearAuth() {
        SecurityContextHolder.clearContext();
    }

    static String unique(String prefix) {
        return prefix
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    }

    static Pin pin(String sha256, PinRole role, String label) {
        return new Pin(PinHash.parse(sha256), role, label, null);
    }

    static String randomPin() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void versionsTakeTheirTimeFromTheClockAndTheirAuthorFromTheToken() {
        String host = unique("t") + ".example.org";
        pins.createDomain(HostName.of(host), false, DomainMode.REPORT);
        Instant later = clock.instant().plus(Duration.ofHours(5));
        clock.set(later);
        SecurityContextHolder.getContext()
                .setAuthentication(new UsernamePasswordAuthenticationToken(
                        "ci-bot", null, AuthorityUtils.createAuthorityList("ROLE_EDITOR")));

        PinSetVersion v1 =
                pins.replacePinSet(HostName.of(host), 0, List.of(pin(randomPin(), PinRole.PRIMARY, null)), "by ci");

        assertThat(v1.createdAt()).isEqualTo(later);
        assertThat(v1.author()).isEqualTo("ci-bot");
        SecurityContextHolder.clearContext();
        PinSetVersion v2 =
                pins.replacePinSet(HostName.of(host), 1, List.of(pin(randomPin(), PinRole.PRIMARY, null)), null);
        assertThat(v2.author()).isEqualTo("system");
        assertThat(pins.currentPinSet(HostName.of(host)).createdAt()).isEqualTo(v2.createdAt());
    }

    @Test
    void catalogGivesAnAppsCurrentPinsOrderedByHostIncludingDomainsWithoutPins() {
        String app = unique("cat-");
        String b = "b-" + unique("x") + ".example.org";
        String a = "a-" + unique("x") + ".example.org";
        pins.createApp(
                new AppId(app), new AppSettings("Catalog", Duration.ofSeconds(900), Duration.ofSeconds(7200), null));
        pins.createDomain(HostName.of(b), true, DomainMode.ENFORCE);
        pins.createDomain(HostName.of(a), false, DomainMode.REPORT);
        pins.setAppDomains(new AppId(app), List.of(HostName.of(b), HostName.of(a)));
        String primary = randomPin();
        String backup = randomPin();
        pins.replacePinSet(
                HostName.of(b),
                0,
                List.of(pin("sha256/" + primary, PinRole.PRIMARY, "p"), pin(backup, PinRole.BACKUP, "b")),
                null);

        assertThat(catalog.app(app))
                .contains(new PinCatalog.AppView(app, "Catalog", Duration.ofSeconds(900), Duration.ofSeconds(7200)));
        assertThat(catalog.appIds()).contains(app);
        assertThat(catalog.currentPins(app))
                .containsExactly(
                        new PinCatalog.DomainPins(a, false, DomainMode.REPORT, 0, List.of()),
                        new PinCatalog.DomainPins(
                                b,
                                true,
                                DomainMode.ENFORCE,
                                1,
                                List.of(
                                        new PinCatalog.Pin(PinHash.parse(primary), PinRole.PRIMARY),
                                        new PinCatalog.Pin(PinHash.parse(backup), PinRole.BACKUP))));
        assertThat(catalog.appsCarrying(b.toUpperCase(Locale.ROOT))).containsExactly(app);
        assertThat(catalog.appsCarrying("unknown.example")).isEmpty();
        assertThat(catalog.appsCarrying("*.bad")).isEmpty();
    }

    @Test
    void catalogAnswersUnknownApps() {
        assertThat(catalog.app(unique("nope-"))).isEmpty();
        assertThat(catalog.app("Not An Id")).isEmpty();
        assertThatThrownBy(() -> catalog.currentPins(unique("nope-")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        String app = unique("defaults-");
        pins.createApp(new AppId(app), AppSettings.of("No overrides"));
        assertThat(catalog.app(app).orElseThrow().pollInterval()).isNull();
        assertThat(catalog.currentPins(app)).isEmpty();
    }

    @Test
    void aBrokenRuleStoresNothing() {
        String host = unique("r") + ".example.org";
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        assertThatThrownBy(() -> pins.replacePinSet(
                        HostName.of(host), 0, List.of(pin(randomPin(), PinRole.PRIMARY, null)), null))
                .isInstanceOfSatisfying(
                        PinSetRuleBroken.class, e -> assertThat(e.rule()).isEqualTo(PinSetRule.ENFORCE_NEEDS_TWO_PINS));
        assertThat(pins.domain(HostName.of(host)).currentVersion()).isZero();
        assertThat(pins.pinSetVersions(HostName.of(host), org.springframework.data.domain.PageRequest.of(0, 10)))
                .isEmpty();
    }
}
