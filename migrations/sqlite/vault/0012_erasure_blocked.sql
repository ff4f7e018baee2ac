-- Erasure under a retention duty (Art. 17(3)(b), BDSG §35(3), HGB §257, AO §147): instead of
-- being wiped, the fields the duty needs are blocked (a restriction only that purpose passes)
-- until the duty ends; then retention completes the erasure.
ALTER TABLE subjects ADD COLUMN blocked_until_us INTEGER;
