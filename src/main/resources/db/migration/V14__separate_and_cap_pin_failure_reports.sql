-- Reports that cannot bury real ones.
-- pinned_host: whether the report's hostname is covered by a domain the app carried when the
-- report arrived (reports for other hosts are shown apart). classification: how the report was
-- classified when it arrived, so that the "possible interception" view is selected by itself and
-- not from the newest rows. report_intake_periods counts, per app and period, the new distinct
-- rows stored and the ones dropped over the cap (pinned and unpinned hosts have separate caps).

alter table pin_failure_reports add column pinned_host boolean not null default true;
alter table pin_failure_reports add column classification varchar(32) not null default 'UNKNOWN';
create index ix_pin_failure_reports_class on pin_failure_reports (app_id, classification, served_leaf_pin);

create table report_intake_periods (
    app_id        varchar(63) not null references apps (id) on delete cascade,
    period_start  timestamp with time zone not null,
    pinned_host   boolean     not null,
    new_rows      bigint      not null default 0,
    dropped       bigint      not null default 0,
    constraint pk_report_intake_periods primary key (app_id, period_start, pinned_host)
);
