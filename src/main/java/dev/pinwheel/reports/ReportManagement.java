package dev.pinwheel.reports;

import dev.pinwheel.alerts.InterceptionReported;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives client pin-failure reports and shows them to operators. Reports carry no credentials:
 * size and rate limits are applied by the web layer before the body reaches {@link #receive}.
 *
 * <p>Metrics: {@code pinwheel.reports.received} (tags {@code app}, {@code classification}) for
 * every stored report; {@code pinwheel.reports.rejected} (tag {@code reason}: {@code invalid},
 * {@code unknown-app}, {@code too-large}, {@code rate-limited}, and {@code over-cap} /
 * {@code over-cap-unpinned-host} for new distinct reports dropped over the per-period cap) for
 * refused ones. The {@code app} tag only ever holds ids of existing apps.
 */
@Service
public class ReportManagement {

    /** Most distinct reports grouped in one overview. */
    public static final int MAX_ROWS = 10_000;
    /** Most served keys in the "possible interception" view and most hosts in the unpinned-host list. */
    public static final int MAX_SEPARATE = 100;

    private static final Logger log = LoggerFactory.getLogger(ReportManagement.class);

    private final PinCatalog catalog;
    private final ReportStore store;
    private final PublishedPinHistory history;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    private final ReportProperties properties;

    ReportManagement(
            PinCatalog catalog,
            ReportStore store,
            PublishedPinHistory history,
            JsonMapper json,
            MeterRegistry meters,
            Clock clock,
            ReportProperties properties,
            ApplicationEventPublisher events) {
        this.properties = properties;
        this.events = events;
        this.catalog = catalog;
        this.store = store;
        this.history = history;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Validates and stores one report (aggregated with identical earlier ones).
     *
     * @param body the raw JSON body, already limited in size by the caller
     * @return how many times this identical report has now been received; 0 when it was a new
     *         distinct report over the period's cap (dropped and counted, see {@link ReportProperties.Cap})
     * @throws ProblemException 404 for an unknown app, 400 for a body that is not valid JSON or
     *                          breaks a field rule (nothing is stored then)
     */
    public long receive(String appId, byte[] body) {
        if (catalog.app(appId).isEmpty()) {
            rejected("unknown-app");
            throw unknownApp(appId);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            rejected("invalid");
            throw new ProblemException(ProblemType.MALFORMED_BODY, "The report is not valid JSON.");
        }
        PinFailureReport report;
        try {
            report = ReportParser.parse(root);
        } catch (ProblemException e) {
            rejected("invalid");
            throw e;
        }
        ReportClassification classification = classifyQuietly(appId, report);
        boolean pinnedHost = pinsHost(appId, report.hostname());
        ReportStore.Recorded recorded =
                store.record(appId, report, clock.instant(), classification, pinnedHost, properties.cap());
        if (!recorded.stored()) {
            rejected(pinnedHost ? "over-cap" : "over-cap-unpinned-host");
            log.debug("Dropped a new report for app {} host {}: the period's cap is reached", appId, report.hostname());
            return 0;
        }
        Counter.builder("pinwheel.reports.received")
                .description("Pin-failure reports stored")
                .tag("app", appId)
                .tag("classification", classification.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
        if (classification == ReportClassification.POSSIBLE_INTERCEPTION) {
            try {
                events.publishEvent(
                        new InterceptionReported(appId, report.hostname(), PinHash.parse(report.servedLeafPin())));
            } catch (IllegalArgumentException e) {
                log.debug("Served pin of a report of app {} is not a pin", appId);
            }
        }
        log.debug(
                "Pin-failure report for app {} host {} served key {} ({}, seen {} times)",
                appId,
                report.hostname(),
                report.servedLeafPin(),
                classification,
                recorded.count());
        return recorded.count();
    }

    /** Whether a domain the app carries now covers the host (its pins apply to it). */
    private boolean pinsHost(String appId, String hostname) {
        return catalog.currentPins(appId).stream().anyMatch(d -> d.covers(hostname));
    }

    /** The classification for the metric; the report is stored already, so a failure here only costs the tag. */
    private ReportClassification classifyQuietly(String appId, PinFailureReport report) {
        try {
            return ReportClassifier.classify(report.servedPins(), report.bundleSeq(), history.of(appId));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not classify a report of app {}: {}",
                    appId,
                    e.getClass().getSimpleName());
            return ReportClassification.UNKNOWN;
        }
    }

    /** Counts a report refused before it reached {@link #receive} (too large, rate-limited). */
    public void rejected(String reason) {
        Counter.builder("pinwheel.reports.rejected")
                .description("Pin-failure reports refused")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    /**
     * The app's reports grouped by the served leaf key and classified against its bundle history.
     *
     * @param host only this host (normalised to lower case); null for every host
     * @param from only reports last seen at or after this; may be null
     * @param to   only reports first seen before this; may be null
     * @throws ProblemException 404 for an unknown app, 400 when {@code from} is not before {@code to}
     */
    public ReportOverview overview(String appId, String host, Instant from, Instant to) {
        requireApp(appId);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        String normalisedHost = hostFilter(host);
        List<ReportStore.StoredReport> rows = store.find(appId, normalisedHost, from, to, MAX_ROWS + 1);
        boolean truncated = rows.size() > MAX_ROWS;
        if (truncated) {
            rows = rows.subList(0, MAX_ROWS);
        }
        List<PublishedPins> bundles = rows.isEmpty() ? List.of() : history.of(appId);
        Map<String, List<ReportStore.StoredReport>> byKey = new LinkedHashMap<>();
        for (ReportStore.StoredReport row : rows) {
            byKey.computeIfAbsent(row.servedLeafPin(), k -> new ArrayList<>()).add(row);
        }
        List<ReportOverview.Group> groups = new ArrayList<>();
        long total = 0;
        for (var entry : byKey.entrySet()) {
            ReportOverview.Group group = group(entry.getKey(), entry.getValue(), bundles);
            total += group.count();
            groups.add(group);
        }
        groups.sort(Comparator.comparing(ReportOverview.Group::lastSeen).reversed());
        List<String> interceptionKeys = store.interceptionKeys(appId, normalisedHost, from, to, MAX_SEPARATE);
        List<ReportOverview.Group> interceptions = new ArrayList<>();
        if (!interceptionKeys.isEmpty()) {
            List<PublishedPins> all = history.of(appId);
            Map<String, List<ReportStore.StoredReport>> byServedKey = new LinkedHashMap<>();
            for (String key : interceptionKeys) {
                byServedKey.put(key, new ArrayList<>());
            }
            for (ReportStore.StoredReport row :
                    store.find(appId, normalisedHost, from, to, interceptionKeys, MAX_ROWS)) {
                byServedKey.get(row.servedLeafPin()).add(row);
            }
            byServedKey.forEach((key, keyRows) -> {
                if (!keyRows.isEmpty()) {
                    interceptions.add(group(key, keyRows, all));
                }
            });
        }
        Instant since = from != null ? from : clock.instant().minus(properties.retention());
        return new ReportOverview(
                appId,
                normalisedHost,
                from,
                to,
                total,
                truncated,
                List.copyOf(groups),
                List.copyOf(interceptions),
                normalisedHost != null ? List.of() : store.unpinnedHosts(appId, from, to, MAX_SEPARATE),
                store.dropped(appId, since));
    }

    /**
     * The app's reports per UTC day from {@code from} to {@code to} (both included), every day listed,
     * each by classification; {@code host} null or blank for every host. At most 366 days.
     *
     * @throws ProblemException 404 for an unknown app, 400 when {@code from} is after {@code to} or the
     *     span is longer than 366 days
     */
    public List<ReportDay> timeline(String appId, String host, LocalDate from, LocalDate to) {
        requireApp(appId);
        if (from.isAfter(to)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= 366) {
            throw ProblemException.invalid("from", "must be at most 366 days before to");
        }
        String normalisedHost = hostFilter(host);
        Map<LocalDate, Map<ReportClassification, Long>> days = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Map<ReportClassification, Long> counts = new EnumMap<>(ReportClassification.class);
            for (ReportClassification c : ReportClassification.values()) {
                counts.put(c, 0L);
            }
            days.put(d, counts);
        }
        List<ReportStore.DailyCount> rows = store.daily(appId, normalisedHost, from, to.plusDays(1));
        List<PublishedPins> bundles = rows.isEmpty() ? List.of() : history.of(appId);
        for (ReportStore.DailyCount row : rows) {
            ReportClassification c = ReportClassifier.classify(row.servedPins(), row.bundleSeq(), bundles);
            days.get(row.day()).merge(c, row.count(), Long::sum);
        }
        return days.entrySet().stream()
                .map(e -> new ReportDay(e.getKey(), Collections.unmodifiableMap(e.getValue())))
                .toList();
    }

    /** A host filter as reports store host names (lower case, no trailing dot); null for every host. */
    private static String hostFilter(String host) {
        return host == null || host.isBlank()
                ? null
                : host.strip().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }

    private static ReportOverview.Group group(
            String key, List<ReportStore.StoredReport> rows, List<PublishedPins> bundles) {
        Map<ReportClassification, Long> counts = new EnumMap<>(ReportClassification.class);
        TreeSet<String> hosts = new TreeSet<>();
        TreeSet<Integer> ports = new TreeSet<>();
        TreeSet<String> versions = new TreeSet<>();
        TreeSet<String> platforms = new TreeSet<>();
        TreeSet<Long> seqs = new TreeSet<>();
        TreeSet<String> known = new TreeSet<>();
        long count = 0;
        Instant first = null;
        Instant last = null;
        for (ReportStore.StoredReport row : rows) {
            ReportClassification c = ReportClassifier.classify(row.servedPins(), row.bundleSeq(), bundles);
            counts.merge(c, row.count(), Long::sum);
            count += row.count();
            first = first == null || row.firstSeen().isBefore(first) ? row.firstSeen() : first;
            last = last == null || row.lastSeen().isAfter(last) ? row.lastSeen() : last;
            hosts.add(row.hostname());
            if (row.port() != null) {
                ports.add(row.port());
            }
            if (row.appVersion() != null) {
                versions.add(row.appVersion());
            }
            if (row.platform() != null) {
                platforms.add(row.platform());
            }
            if (row.bundleSeq() != null) {
                seqs.add(row.bundleSeq());
            }
            known.addAll(row.knownPins());
        }
        ReportClassification worst = counts.keySet().iterator().next();
        ReportStore.StoredReport newest = rows.get(0);
        return new ReportOverview.Group(
                key,
                newest.leafSubject(),
                newest.leafIssuer(),
                worst,
                counts,
                count,
                rows.size(),
                first,
                last,
                List.copyOf(hosts),
                List.copyOf(ports),
                List.copyOf(versions),
                List.copyOf(platforms),
                List.copyOf(seqs),
                List.copyOf(known));
    }

    private void requireApp(String appId) {
        if (catalog.app(appId).isEmpty()) {
            throw unknownApp(appId);
        }
    }

    private static ProblemException unknownApp(String appId) {
        return ProblemException.notFound("There is no app " + appId + ".");
    }
}
