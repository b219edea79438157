-- The head of the audit hash chain: one row, locked (SELECT ... FOR UPDATE) by every writer so
-- that events are appended one at a time and each links to the hash of the one before it.
create table audit_chain_head (
    id           integer     not null primary key,
    last_hash    varchar(64),
    event_count  bigint      not null default 0,
    constraint ck_audit_chain_head_single check (id = 1)
);
insert into audit_chain_head (id, last_hash, event_count) values (1, null, 0);

create index ix_audit_events_request on audit_events (request_id);
