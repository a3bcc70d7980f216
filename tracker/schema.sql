-- The tracker's DuckDB schema (version 1; version 2 loads tracker/sources.toml into sources). `store.py` creates it, checks `meta.schema_version`, and migrates
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
    superseded_by     BIGINT                     -- a newer version of the same URL, if any
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
    quote_end    INTEGER NOT NULL
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
