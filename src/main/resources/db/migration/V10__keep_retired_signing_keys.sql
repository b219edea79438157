-- A retired signing key keeps its encrypted private key until this instant (grace period), so that
-- an admin can roll back a mistaken rotation; the purge job drops it afterwards.
alter table signing_keys add column private_key_purge_after timestamp with time zone;
