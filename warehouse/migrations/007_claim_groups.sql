-- 007: each figure stores its claim key, so a run reads the held figures of the claim
-- groups its new figures belong to (the only ones pipeline.claims.claims_match can pair
-- with them) and does not recompute the key of every held figure.

ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_group VARCHAR;
ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_start VARCHAR;
ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_org VARCHAR;
COMMENT ON COLUMN figures.claim_group IS 'What two figures must share to be compared (pipeline.claim_groups): a version of the claim reading (a hash of pipeline/claims.py), a colon, then metric|scope|subgroups of the figure''s claim key, or version:- when the figure makes no claim. Written at load; computed again by the next run when NULL or of another version.';
COMMENT ON COLUMN figures.claim_start IS 'The start of the figure''s claim key ("since <start>", the month of a month count, the size of a recent window; NULL when none), of the same version as claim_group.';
COMMENT ON COLUMN figures.claim_org IS 'The organisation of the figure''s claim key (who gave the figure, normalised; NULL when none), of the same version as claim_group.';
