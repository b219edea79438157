-- The keyed audit chain (docs/adr/0011-keyed-audit-chain.md), quick-start (H2) variant: the same
-- columns as on PostgreSQL. The triggers that make audit rows append-only are PostgreSQL's
-- (db/vendor/postgresql); the embedded quick-start database has no separate database role anyway.
alter table audit_chain_head add column keyed_from_id bigint;
alter table audit_chain_head add column keyed_from_mac varchar(64);
update audit_chain_head set keyed_from_id = (select coalesce(max(id), 0) + 1 from audit_events) where id = 1;
