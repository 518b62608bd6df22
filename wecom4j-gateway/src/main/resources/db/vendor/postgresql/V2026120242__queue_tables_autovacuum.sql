-- PostgreSQL only (spring.flyway.locations adds db/vendor/{vendor}; H2 has no autovacuum).
--
-- The outbox's tables are queues: every call row is inserted, then updated three to five times
-- (claimed, begun, sent, its member reservation re-stamped), and rows arrive by the thousand a
-- minute. PostgreSQL's defaults vacuum a table after 20 % of it changed and analyze it after 10 %:
-- on a table that grows from empty (a new deployment) or holds millions of rows, that is minutes to
-- hours of dead index entries for the claim to step over, and of statistics that still describe an
-- empty table, so the msgid and budget lookups are planned as sequential scans (measured: 60-100 ms
-- each instead of under 1 ms, PostgreSQL's CPU per delivered call 2.5-6 ms instead of 0.85 ms;
-- docs/BENCHMARKS.md, "Delivery"). Queue tables are usually given small per-table thresholds; these
-- change nothing when autovacuum is off for the whole server (the gateway then warns at start).
alter table message_call set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_vacuum_insert_threshold = 1000);
alter table message_member_send set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_vacuum_insert_threshold = 1000);
alter table message_outbox set (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_vacuum_insert_threshold = 1000);
