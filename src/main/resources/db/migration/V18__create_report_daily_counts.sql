-- How many of each distinct pin-failure report arrived on each UTC day. pin_failure_reports keeps one
-- row per distinct report with its total count and first/last sighting; these rows let the console
-- chart reports over time, classified as the overview classifies them (at read time, against the
-- app's bundle history). They go with their report, and the purge drops days older than the retention.
create table report_daily_counts (
    report_id    bigint not null references pin_failure_reports (id) on delete cascade,
    report_day   date   not null,
    report_count bigint not null,
    constraint pk_report_daily_counts primary key (report_id, report_day)
);
