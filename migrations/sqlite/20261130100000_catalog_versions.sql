-- Every price catalog the service has priced with, so a revision is re-priced with the
-- catalogs it was saved with across restarts and instances. Rows are only ever inserted.

-- One catalog file's content, addressed by its version (hash of its bytes): a refresh that
-- changes one region stores one new catalog, not every catalog again.
CREATE TABLE catalog_versions (
    version        TEXT PRIMARY KEY NOT NULL,
    -- the CSV exactly as loaded
    content        TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;

-- A price book: the set of catalogs one report was priced with. `version` is what a
-- revision records in revisions.pricing_version.
CREATE TABLE price_books (
    version        TEXT PRIMARY KEY NOT NULL,
    -- file names joined with '+'
    catalog        TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    -- embedded | pricing-dir | refresh
    origin         TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;

CREATE INDEX price_books_created_at_idx ON price_books (created_at DESC, version);

CREATE TABLE price_book_catalogs (
    book_version    TEXT    NOT NULL REFERENCES price_books (version),
    position        INTEGER NOT NULL CHECK (position >= 0),
    -- file name, e.g. westeurope.csv
    name            TEXT    NOT NULL,
    catalog_version TEXT    NOT NULL REFERENCES catalog_versions (version),
    PRIMARY KEY (book_version, position)
) STRICT;
