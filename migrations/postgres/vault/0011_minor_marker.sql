-- The coarse minor marker (GDPR Art. 8, Recitals 38 and 71): the start (UTC, microseconds) of
-- the year after the one in which the subject turns 18, set from the encrypted birth date when
-- a subject is created or its birth date rectified (service/subjects.rs, service/rectify.rs).
-- NULL for an adult or a subject without a birth date. The decision reads it on every read
-- (a minor is never profiled or targeted) without opening the birth date; it reveals at most
-- the birth year, and only of minors. Same column as migrations/sqlite/vault/0011_minor_marker.sql.

ALTER TABLE subjects ADD COLUMN minor_until_us BIGINT;
