-- intake baselines (#15): occasions of use on a use day, so the baseline compares per use day (amount per occasion × occasions) as progress does
ALTER TABLE substance_baseline ADD COLUMN occasions_per_day REAL NOT NULL DEFAULT 1
    CHECK (occasions_per_day > 0 AND occasions_per_day <= 24);
