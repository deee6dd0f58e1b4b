-- Each revision records the price catalog version it was saved with, so a report can say
-- when prices changed since. NULL for revisions saved before this column existed.
ALTER TABLE revisions ADD COLUMN pricing_version TEXT;
