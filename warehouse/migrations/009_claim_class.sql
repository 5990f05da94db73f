-- 009: each figure stores the claim class pipeline.claims.classify gives it and the date
-- pipeline.claims.reference_date gives it, under the version of its claim key, so a run
-- does not read the sentence of every held figure of its claims again to leave
-- breakdowns out of the comparison and to index them by date.

ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_class VARCHAR;
COMMENT ON COLUMN figures.claim_class IS 'The claim class pipeline.claims.classify gives the stored figure (headline, part, subgroup or uncertain), of the same version as claim_group: a run leaves the part ones out of the comparison without reading their sentences. Written at load; computed again with claim_group when NULL or of another version.';
ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_date DATE;
COMMENT ON COLUMN figures.claim_date IS 'The date the figure speaks of, as pipeline.claims.reference_date gives it with its article''s date read in UTC, of the same version as claim_group; NULL when none is known or not computed (a run then computes it). Written at load and with claim_group; computed again by the next run when the article''s date changes.';
