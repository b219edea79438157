-- Adoption of bundles: polls of the client bundle endpoint counted by the bundle the polling
-- client said it holds (its If-None-Match). Each replica counts in memory and adds its counts to
-- its own rows (replica_id) of a time bucket; readers add up the rows of every replica. Rows
-- older than pinwheel.delivery.adoption-retention are deleted.
--   held = 'seq'     the client holds the app's bundle held_seq
--   held = 'none'    no If-None-Match: the client has no bundle yet (held_seq 0)
--   held = 'unknown' an ETag that is not one of the app's recent bundles (held_seq 0)
create table bundle_adoption (
    replica_id    varchar(64)  not null,
    bucket_start  timestamp with time zone not null,
    app_id        varchar(63)  not null,
    held          varchar(8)   not null,
    held_seq      bigint       not null,
    polls         bigint       not null,
    constraint pk_bundle_adoption primary key (replica_id, bucket_start, app_id, held, held_seq),
    constraint ck_bundle_adoption_held check (held in ('seq', 'none', 'unknown'))
);
create index ix_bundle_adoption_app_bucket on bundle_adoption (app_id, bucket_start);

-- Promote of a rotation waits until this share (percent) of an app's recent polls come from
-- clients whose bundle pins the new key.
alter table apps add column promote_adoption_percent integer not null default 95;
