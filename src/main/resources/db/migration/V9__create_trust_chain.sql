-- Root of trust (see docs/trust-chain.md). Every root version and every served key set is kept
-- exactly as signed (JWS JSON serialization): the public endpoints serve these bytes.
create table trust_roots (
    version      integer        not null primary key,
    document     varchar(100000) not null,
    issuer       varchar(500)   not null,
    threshold    integer        not null,
    issued_at    timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    added_at     timestamp with time zone not null,
    added_by     varchar(200)   not null,
    constraint ck_trust_roots_version check (version >= 1),
    constraint ck_trust_roots_threshold check (threshold >= 1)
);

-- Key-set payloads the service proposed for endorsement; an upload must carry one of them byte for byte.
create table trust_key_set_proposals (
    version      bigint         not null primary key,
    root_version integer        not null,
    payload      varchar(100000) not null,
    created_at   timestamp with time zone not null
);

-- Endorsed key sets; the one with the highest version is served.
create table trust_key_sets (
    version      bigint         not null primary key,
    root_version integer        not null references trust_roots (version),
    document     varchar(100000) not null,
    kids         varchar(10000) not null,
    issued_at    timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    added_at     timestamp with time zone not null,
    added_by     varchar(200)   not null
);

-- Online root keys (quick start, or where pinwheel.trust.allow-online-root says so): the private key
-- is AES-256-GCM encrypted under the master key, like signing keys.
create table online_root_keys (
    kid              varchar(64)   not null primary key,
    public_jwk       varchar(2000) not null,
    private_key_enc  varchar(2000) not null,
    created_at       timestamp with time zone not null
);

-- One row that every change of the trust chain locks (SELECT ... FOR UPDATE), so replicas never race.
create table trust_lock (
    id  integer not null primary key
);
insert into trust_lock (id) values (1);
