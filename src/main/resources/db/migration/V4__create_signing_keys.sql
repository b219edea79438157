-- Signing keys (ES256 / P-256). The private key is AES-256-GCM encrypted under the master key
-- (never stored in clear) and dropped when the key is retired.
create table signing_keys (
    kid               varchar(64)   not null primary key,
    state             varchar(16)   not null,
    public_jwk        varchar(2000) not null,
    private_key_enc   varchar(2000),
    created_at        timestamp with time zone not null,
    activated_at      timestamp with time zone,
    retired_at        timestamp with time zone,
    row_version       bigint        not null default 0,
    constraint ck_signing_keys_state check (state in ('next', 'active', 'retired'))
);

-- One row that key creation and rotation lock (SELECT ... FOR UPDATE) so that replicas
-- starting or rotating at the same time never create two active keys.
create table signing_key_lock (
    id  integer not null primary key
);
insert into signing_key_lock (id) values (1);
