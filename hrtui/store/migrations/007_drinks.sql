-- progress: the drinks table (units alcohol is logged in, with volume and strength)
-- An alcohol entry converts to standard drinks when its unit is here; the size of one standard
-- drink is a setting (meta key standard_drink_size). Preloaded with common drinks (kept equal
-- to hrtui.domain.drinks.PRESET_DRINKS); the counselor edits them.
CREATE TABLE drink (
    id          INTEGER PRIMARY KEY,
    unit        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    volume_ml   REAL NOT NULL CHECK (volume_ml > 0),
    abv         REAL NOT NULL CHECK (abv > 0 AND abv <= 100),
    created_at  DATETIME NOT NULL
);
INSERT INTO drink (unit, volume_ml, abv, created_at) VALUES
    ('beers', 355, 5, CURRENT_TIMESTAMP),
    ('cans of beer', 355, 5, CURRENT_TIMESTAMP),
    ('bottles of beer', 330, 5, CURRENT_TIMESTAMP),
    ('pints of beer', 568, 4.5, CURRENT_TIMESTAMP),
    ('tall cans of beer', 473, 5, CURRENT_TIMESTAMP),
    ('glasses of wine', 150, 12, CURRENT_TIMESTAMP),
    ('bottles of wine', 750, 12, CURRENT_TIMESTAMP),
    ('shots', 44, 40, CURRENT_TIMESTAMP),
    ('bottles of spirits', 750, 40, CURRENT_TIMESTAMP),
    ('cans of hard seltzer', 355, 5, CURRENT_TIMESTAMP),
    ('cans of cider', 440, 4.5, CURRENT_TIMESTAMP);
