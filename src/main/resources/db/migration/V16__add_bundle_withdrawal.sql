-- Deleting an app withdraws its bundles from delivery: every seq up to withdrawn_through_seq is
-- kept as history but never served again, also when an app is re-created under the same id.
alter table bundle_counters add column withdrawn_through_seq bigint not null default 0;
