package dev.pinwheel.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.RotationSpringTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reports over time: each arrival counts on its UTC day, and a day's reports are classified as the
 * overview classifies them. What the console's reports chart shows.
 */
@RotationSpringTest
class ReportTimelineTests extends RotationScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ReportManagement reports;

    @Test
    void countsEachArrivalOnItsDayByWhatItMostLikelyMeans() throws Exception {
        ReportFixtures fixtures = new ReportFixtures(pins, bundles);
        String appId = fixtures.app("timeline");
        String pinnedHost = "tl-" + ReportFixtures.suffix() + ".example.test";
        String otherHost = "tl-" + ReportFixtures.suffix() + ".example.test";
        for (String h : List.of(pinnedHost, otherHost)) {
            fixtures.domain(h, false, "enforce");
        }
        fixtures.pinSet(pinnedHost, 0, List.of(a, ReportFixtures.randomPin()));
        fixtures.pinSet(otherHost, 0, List.of(a, ReportFixtures.randomPin()));
        fixtures.carry(appId, List.of(pinnedHost, otherHost));
        fixtures.publish(appId);
        HeldCertificate attacker =
                new HeldCertificate.Builder().commonName(pinnedHost).ecdsa256().build();
        LocalDate day1 = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);

        try (ReportClient client = new ReportClient(port)) {
            // day 1: two interceptions, and the pinned key seen by a client that holds bundle 1
            post(client, appId, ReportFixtures.report(pinnedHost, attacker, 1));
            post(client, appId, ReportFixtures.report(pinnedHost, attacker, 2));
            post(client, appId, ReportFixtures.report(pinnedHost, certA, 3));
        }
        clock.advance(Duration.ofDays(1));
        try (ReportClient client = new ReportClient(port)) {
            // day 2: the first report again (the same row, counted on its new day), and one on the other host
            post(client, appId, ReportFixtures.report(pinnedHost, attacker, 1));
            post(client, appId, ReportFixtures.report(otherHost, attacker, 4));
        }
        LocalDate day2 = day1.plusDays(1);

        List<ReportDay> all = reports.timeline(appId, null, day1.minusDays(1), day2);
        assertThat(all).extracting(ReportDay::day).containsExactly(day1.minusDays(1), day1, day2);
        assertThat(all.get(0).total()).isZero();
        assertThat(all.get(1).byClassification())
                .containsEntry(ReportClassification.POSSIBLE_INTERCEPTION, 2L)
                .containsEntry(ReportClassification.PINNED_KEY_MISMATCH, 1L)
                .containsEntry(ReportClassification.STALE_CLIENT, 0L)
                .containsEntry(ReportClassification.UNKNOWN, 0L);
        assertThat(all.get(2).byClassification())
                .containsEntry(ReportClassification.POSSIBLE_INTERCEPTION, 2L)
                .containsEntry(ReportClassification.PINNED_KEY_MISMATCH, 0L);
        assertThat(all.get(2).total()).isEqualTo(2);

        // one host only (as typed: upper case and a trailing dot are what the reports store without)
        List<ReportDay> one = reports.timeline(appId, otherHost.toUpperCase() + ".", day1, day2);
        assertThat(one).extracting(ReportDay::total).containsExactly(0L, 1L);

        assertThatThrownBy(() -> reports.timeline(appId, null, day2, day1))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.detail()).isNotBlank());
        assertThatThrownBy(() -> reports.timeline(appId, null, day2.minusDays(366), day2))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> reports.timeline("no-such-app-" + sfx, null, day1, day2))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(404));
    }

    private static void post(ReportClient client, String appId, ObjectNode report) throws Exception {
        assertThat(client.post(appId, JSON.writeValueAsBytes(report)).statusCode())
                .isEqualTo(204);
    }
}
