package dev.pinwheel.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The reports of one app, grouped by served key, most recently seen group first.
 *
 * @param host       the host filter, or null
 * @param from       only reports last seen at or after this; null: no lower bound
 * @param to         only reports first seen before this; null: no upper bound
 * @param totalCount reports received in these groups (aggregated counts summed)
 * @param truncated  true when more than {@link ReportManagement#MAX_ROWS} distinct reports matched and
 *                   only the most recent were grouped
 * @param groups     reports of hosts the app pins, grouped by served key, newest first
 * @param possibleInterception the groups of served keys whose reports were classified "possible
 *                   interception" on arrival, most reported first; selected apart from {@code groups}
 *                   so that a flood of newer reports cannot push them out
 * @param unpinnedHosts reports naming hosts the app did not pin when they arrived, per host
 * @param droppedReports new distinct reports dropped over the per-period cap (since {@code from},
 *                   or within the retention)
 */
public record ReportOverview(
        String appId,
        String host,
        Instant from,
        Instant to,
        long totalCount,
        boolean truncated,
        List<Group> groups,
        List<Group> possibleInterception,
        List<UnpinnedHost> unpinnedHosts,
        long droppedReports) {

    /** Reports that named a host the app does not pin. */
    public record UnpinnedHost(String host, long count, int distinctReports, Instant lastSeen) {}

    /**
     * The reports whose served chain has the leaf key {@code servedKeySha256}.
     *
     * @param classification       the most alarming classification among the group's reports
     * @param classificationCounts reports (aggregated counts) per classification
     * @param count                reports received (aggregated counts summed)
     * @param distinctReports      distinct report identities
     * @param knownPins            every pin the reporting clients said they enforced (base64), sorted
     * @param bundleSeqs           the clients' bundle seqs, sorted; clients that sent none are not listed
     */
    public record Group(
            String servedKeySha256,
            String leafSubject,
            String leafIssuer,
            ReportClassification classification,
            Map<ReportClassification, Long> classificationCounts,
            long count,
            int distinctReports,
            Instant firstSeen,
            Instant lastSeen,
            List<String> hosts,
            List<Integer> ports,
            List<String> appVersions,
            List<String> platforms,
            List<Long> bundleSeqs,
            List<String> knownPins) {}
}
