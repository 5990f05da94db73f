-- Issue 12: a run reads only what it needs. The near-duplicate check looks up held
-- articles by band value instead of loading every signature; rows are written at load
-- and backfilled from article_signatures (warehouse.load.backfill_bands) on the first
-- run after this migration.

CREATE TABLE IF NOT EXISTS article_bands (
    band        USMALLINT NOT NULL,
    hash        UINTEGER NOT NULL,
    article_id  BIGINT NOT NULL
);
COMMENT ON TABLE article_bands IS 'Banded near-duplicate index: one row per MinHash band of each held signature (256 bands of one value), so that a run finds the held articles sharing at least MIN_HITS values with a new text by key, without reading every signature.';
COMMENT ON COLUMN article_bands.band IS 'Band number (the MinHash permutation, 0-255).';
COMMENT ON COLUMN article_bands.hash IS 'The band''s value: the 32-bit MinHash value of that permutation.';
COMMENT ON COLUMN article_bands.article_id IS 'articles.id of the signature.';

ALTER TABLE article_signatures ADD COLUMN IF NOT EXISTS banded BOOLEAN DEFAULT false;
COMMENT ON COLUMN article_signatures.banded IS 'true once the signature''s rows are in article_bands (false: backfilled on the next run).';
