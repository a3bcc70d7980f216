-- The tracker's DuckDB schema as it stands (version 4). Version 2 loaded tracker/sources.toml into sources;
-- version 3 added reported figures (figures.reported_id, reported) and official series; version 4
-- corrections (figures.status, corrections) and articles.added_by. `store.py` creates it, checks `meta.schema_version`, and migrates
-- older databases forward (see MIGRATIONS there). Offsets are character offsets into articles.text.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- One row per version of an article's text. The same text twice is one row (content_hash);
-- the same URL with a new text is a new row, and the old one names it in superseded_by.
CREATE TABLE IF NOT EXISTS articles (
    article_id        BIGINT PRIMARY KEY,
    doc               VARCHAR NOT NULL,          -- id given by the input (record id, file name, URL)
    content_hash      VARCHAR NOT NULL UNIQUE,   -- sha256 of the stored (normalised) text
    url               VARCHAR,
    title             VARCHAR,
    publisher         VARCHAR,
    published         DATE NOT NULL,
    text              VARCHAR NOT NULL,          -- what the offsets of figures point into
    origin            VARCHAR,                   -- the file or URL it was read from
    ingested_at       TIMESTAMP NOT NULL,
    extractor_version VARCHAR NOT NULL,          -- the extractor that made its figures
    superseded_by     BIGINT,                    -- a newer version of the same URL, if any
    added_by          VARCHAR                    -- the editor who added it in the dashboard, if one did
);

-- Every figure of GUIDELINES.md, with its evidence (quote and offsets into articles.text).
CREATE TABLE IF NOT EXISTS figures (
    figure_id    BIGINT PRIMARY KEY,
    article_id   BIGINT NOT NULL,
    metric       VARCHAR NOT NULL,               -- killed | injured | missing | displaced | attacks | damaged
    value        BIGINT NOT NULL,                -- the low end for a range
    low          BIGINT NOT NULL,
    high         BIGINT NOT NULL,
    qualifier    VARCHAR NOT NULL,               -- exact | at_least | at_most | approx
    vague        BOOLEAN NOT NULL,               -- "dozens", "hundreds": value is the customary lower bound
    "group"      VARCHAR,                        -- who or what was counted: "children", "housing units"
    location     VARCHAR,
    period       VARCHAR NOT NULL,               -- total | interval | incident
    start        DATE,                           -- first day of a window, or the stated start of a total
    date         DATE,                           -- the day the figure refers to
    source       VARCHAR,                        -- canonical body credited (sources.name), NULL: the text's own
    source_text  VARCHAR,                        -- the words that credit it
    quote        VARCHAR NOT NULL,               -- the sentence
    number_text  VARCHAR NOT NULL,
    number_start INTEGER NOT NULL,
    number_end   INTEGER NOT NULL,
    quote_start  INTEGER NOT NULL,
    quote_end    INTEGER NOT NULL,
    reported_id  BIGINT,                         -- the reported figure it restates (tracker/linking.py)
    status       VARCHAR NOT NULL DEFAULT 'extracted'  -- extracted | corrected | rejected | added (tracker/review.py)
);

-- Every correction an editor made, as its own record (tracker/review.py). The figure in `figures` is
-- already the corrected one; here are who, when, what, why and the fields before. After a
-- re-extraction a correction finds its figure again by article, span and metric, or is 'orphaned'.
CREATE TABLE IF NOT EXISTS corrections (
    correction_id BIGINT PRIMARY KEY,
    figure_id     BIGINT,                        -- the figure it applies to now; NULL while orphaned
    article_id    BIGINT NOT NULL,
    number_start  INTEGER NOT NULL,              -- the span it is about
    number_end    INTEGER NOT NULL,
    metric        VARCHAR NOT NULL,              -- the figure's metric when the correction was made
    action        VARCHAR NOT NULL,              -- reject | correct | add
    changes       VARCHAR NOT NULL,              -- JSON: field -> new value (add: the whole figure)
    original      VARCHAR,                       -- JSON: the fields before (NULL for add)
    reason        VARCHAR,
    editor        VARCHAR NOT NULL,
    made_at       TIMESTAMP NOT NULL,
    state         VARCHAR NOT NULL               -- applied | orphaned
);

-- Reported figures: what one body said for one metric, group, place and day, however many articles
-- restate it. `reach_*` is the span of values its mentions agree on (linking.py, rule 3); the value
-- shown is the most precise mention's, computed when queried.
CREATE TABLE IF NOT EXISTS reported (
    reported_id BIGINT PRIMARY KEY,
    source_key  VARCHAR NOT NULL,                -- sources.name, or '' for the text's own figures
    metric      VARCHAR NOT NULL,
    period      VARCHAR NOT NULL,                -- interval, or day (a running total or an incident)
    date        DATE,
    group_key   VARCHAR,                         -- NULL: a generic group (people, Palestinians ...)
    place_key   VARCHAR,
    reach_low   DOUBLE NOT NULL,
    reach_high  DOUBLE NOT NULL,
    vague       BOOLEAN NOT NULL
);

-- Official series imported by `tracker import-series`: one per body, metric, period, group and place;
-- importing a newer file replaces its points.
CREATE TABLE IF NOT EXISTS series (
    series_id   BIGINT PRIMARY KEY,
    name        VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,                -- sources.name
    metric      VARCHAR NOT NULL,
    period      VARCHAR NOT NULL,                -- total (cumulative) | interval (new in each day)
    "group"     VARCHAR,
    group_key   VARCHAR,                         -- as in reported: NULL for a generic group
    location    VARCHAR,
    place_key   VARCHAR,
    origin      VARCHAR NOT NULL,                -- the file it came from, and its columns
    imported_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS series_points (
    series_id BIGINT NOT NULL,
    date      DATE NOT NULL,
    value     BIGINT NOT NULL,
    PRIMARY KEY (series_id, date)
);

-- Bodies credited with figures: the alias table of tracker/sources.toml, plus any body a text
-- names that the table does not know (kind 'unknown', keeping the name the text gives it).
CREATE TABLE IF NOT EXISTS sources (
    name    VARCHAR PRIMARY KEY,
    kind    VARCHAR NOT NULL,                    -- health ministry | UN agency | military | government | NGO | media | person | other | unknown
    country VARCHAR
);

CREATE TABLE IF NOT EXISTS source_aliases (
    alias VARCHAR PRIMARY KEY,                   -- a name as written ("Gaza's Ministry of Health")
    name  VARCHAR NOT NULL                       -- sources.name
);
