package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.support.MutableClock;
import dev.pinwheel.support.RotationSpringTest;
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
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    }

    static String randomPin() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void versionsTakeTheirTimeFromTheClockAndTheirAuthorFromTheToken() {
        String host = unique("t") + ".example.org";
        pins.createDomain(host, false, "report");
        Instant later = clock.instant().plus(Duration.ofHours(5));
        clock.set(later);
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("ci-bot", null,
                AuthorityUtils.createAuthorityList("ROLE_EDITOR")));

        PinSetVersion v1 = pins.replacePinSet(host, 0, List.of(new PinInput(randomPin(), null, "primary", null)),
                "by ci");

        assertThat(v1.createdAt()).isEqualTo(later);
        assertThat(v1.author()).isEqualTo("ci-bot");
        SecurityContextHolder.clearContext();
        PinSetVersion v2 = pins.replacePinSet(host, 1, List.of(new PinInput(randomPin(), null, "primary", null)),
                null);
        assertThat(v2.author()).isEqualTo("system");
        assertThat(pins.currentPinSet(host).createdAt()).isEqualTo(v2.createdAt());
    }

    @Test
    void catalogGivesAnAppsCurrentPinsOrderedByHostIncludingDomainsWithoutPins() {
        String app = unique("cat-");
        String b = "b-" + unique("x") + ".example.org";
        String a = "a-" + unique("x") + ".example.org";
        pins.createApp(app, "Catalog", 900L, 7200L);
        pins.createDomain(b, true, "enforce");
        pins.createDomain(a, false, "report");
        pins.setAppDomains(app, List.of(b, a));
        String primary = randomPin();
        String backup = randomPin();
        pins.replacePinSet(b, 0, List.of(new PinInput("sha256/" + primary, null, "primary", "p"),
                new PinInput(backup, null, "backup", "b")), null);

        assertThat(catalog.app(app)).contains(new PinCatalog.AppView(app, "Catalog", Duration.ofSeconds(900),
                Duration.ofSeconds(7200)));
        assertThat(catalog.appIds()).contains(app);
        assertThat(catalog.currentPins(app)).containsExactly(
                new PinCatalog.DomainPins(a, false, DomainMode.REPORT, 0, List.of()),
                new PinCatalog.DomainPins(b, true, DomainMode.ENFORCE, 1, List.of(
                        new PinCatalog.Pin(primary, PinRole.PRIMARY), new PinCatalog.Pin(backup, PinRole.BACKUP))));
        assertThat(catalog.appsCarrying(b.toUpperCase(Locale.ROOT))).containsExactly(app);
        assertThat(catalog.appsCarrying("unknown.example")).isEmpty();
        assertThat(catalog.appsCarrying("*.bad")).isEmpty();
    }

    @Test
    void catalogAnswersUnknownApps() {
        assertThat(catalog.app(unique("nope-"))).isEmpty();
        assertThat(catalog.app("Not An Id")).isEmpty();
        assertThatThrownBy(() -> catalog.currentPins(unique("nope-")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        String app = unique("defaults-");
        pins.createApp(app, "No overrides", null, null);
        assertThat(catalog.app(app).orElseThrow().pollInterval()).isNull();
        assertThat(catalog.currentPins(app)).isEmpty();
    }

    @Test
    void aBrokenRuleStoresNothing() {
        String host = unique("r") + ".example.org";
        pins.createDomain(host, false, "enforce");
        assertThatThrownBy(() -> pins.replacePinSet(host, 0,
                List.of(new PinInput(randomPin(), null, "primary", null)), null))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.PIN_SET_RULE));
        assertThat(pins.domain(host).currentVersion()).isZero();
        assertThat(pins.pinSetVersions(host, org.springframework.data.domain.PageRequest.of(0, 10))).isEmpty();
    }
}
