package dev.pinwheel.reports.web;

import dev.pinwheel.reports.ReportManagement;
import dev.pinwheel.reports.ReportOverview;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/v1/apps/{appId}/reports} (viewer): reports grouped by served key and classified. */
@RestController
class ReportAdminController {

    private final ReportManagement reports;

    ReportAdminController(ReportManagement reports) {
        this.reports = reports;
    }

    @GetMapping("/admin/v1/apps/{appId}/reports")
    ReportOverview reports(
            @PathVariable String appId,
            @RequestParam(required = false) String host,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return reports.overview(appId, host, from, to);
    }
}
