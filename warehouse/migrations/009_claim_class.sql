-- 009: each figure stores the claim class pipeline.claims.classify gives it under the
-- version of its claim key, so a run does not read the sentence of every held figure of
-- its claims again to leave breakdowns out of the comparison.

ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_class VARCHAR;
COMMENT ON COLUMN figures.claim_class IS 'The claim class pipeline.claims.classify gives the stored figure (headline, part, subgroup or uncertain), of the same version as claim_group: a run leaves the part ones out of the comparison without reading their sentences. Written at load; computed again with claim_group when NULL or of another version.';
