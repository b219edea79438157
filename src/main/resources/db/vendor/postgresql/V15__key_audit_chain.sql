-- The keyed audit chain (docs/adr/0011-keyed-audit-chain.md) and append-only audit rows.
--
-- keyed_from_id: events with an id at or above it carry an HMAC-SHA256 hash under a key derived
-- from the master key; older events keep their unkeyed SHA-256 hash and are protected from here on
-- because the first keyed event's HMAC covers the hash of the last unkeyed one. keyed_from_mac is
-- the HMAC of the boundary, written once by the service at start-up, so that moving the boundary
-- (to pass keyed events off as unkeyed ones) is detected.
alter table audit_chain_head add column keyed_from_id bigint;
alter table audit_chain_head add column keyed_from_mac varchar(64);
update audit_chain_head set keyed_from_id = (select coalesce(max(id), 0) + 1 from audit_events) where id = 1;

-- Audit rows are never updated or deleted, not even by the service's own database role: only a
-- role that may disable triggers (the table owner or a superuser) can, and the keyed chain then
-- shows which event was touched. docs/security.md gives the GRANTs for a separate owner role.
create function pinwheel_audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_events is append-only: % is refused', tg_op using errcode = '42501';
end
$$;
create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function pinwheel_audit_append_only();
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function pinwheel_audit_append_only();

-- The chain head moves forward only: its keying boundary and anchor cannot be changed once set.
create function pinwheel_audit_head_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'audit_chain_head cannot be deleted' using errcode = '42501';
    end if;
    if old.keyed_from_id is distinct from new.keyed_from_id
            or (old.keyed_from_mac is not null and old.keyed_from_mac is distinct from new.keyed_from_mac)
            or new.event_count < old.event_count then
        raise exception 'audit_chain_head: the keying boundary is fixed and the count only grows'
            using errcode = '42501';
    end if;
    return new;
end
$$;
create trigger audit_chain_head_guard before update or delete on audit_chain_head
    for each row execute function pinwheel_audit_head_guard();
