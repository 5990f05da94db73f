-- Claims with a status, and conflicts held for review (issue 10).
-- A figure is a headline claim (a count in its own right), a part of another figure, a
-- subgroup or scope-limited count, or uncertain. Only conflicts between two headline
-- claims of one claim are pushed to a channel; the rest are stored with status 'review'.

ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_status VARCHAR DEFAULT 'headline';
ALTER TABLE figures ADD COLUMN IF NOT EXISTS claim_reasons VARCHAR;
ALTER TABLE figures ADD COLUMN IF NOT EXISTS part_of_figure_id BIGINT;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS held_reason VARCHAR;

COMMENT ON COLUMN figures.claim_status IS 'headline (a count in its own right), part (a breakdown of another count: by sex, adults/minors, civilians/military, "of them"), subgroup (part of the population or one place: minors, security forces, one prison or state) or uncertain (what is counted could not be typed). Views and example queries show headline claims by default.';
COMMENT ON COLUMN figures.claim_reasons IS 'Why the figure is not a headline claim, as read from its text ("a part of the 875 before it in the sentence", "counts only: minors"); NULL for headline claims.';
COMMENT ON COLUMN figures.part_of_figure_id IS 'figures.id of the count this figure is a part of, when the text names it (the 640 of "640 detenidos, de los cuales 590 son varones"); NULL otherwise.';
COMMENT ON COLUMN alerts.held_reason IS 'Why a conflict was held for review instead of pushed (status review): a side is not a headline claim, the values are more than 10x apart, or two claim-makers keep different tallies. NULL for pushed alerts.';
COMMENT ON COLUMN alerts.status IS 'open (pushed to the channels), review (held back, never sent: see v_possible_conflicts and newstally alerts --review), acknowledged or disputed (set with newstally alerts ack|dispute ID).';

CREATE OR REPLACE VIEW v_possible_conflicts AS
SELECT
    x.id                                        AS alert_id,
    x.kind,
    x.metric,
    x.rule,
    x.held_reason,
    n.span                                      AS new_as_written,
    n.claim_status                              AS new_claim_status,
    coalesce(na.publisher, na.source)           AS new_source,
    n.given_by                                  AS new_given_by,
    n.sentence                                  AS new_sentence,
    na.canonical_url                            AS new_url,
    o.span                                      AS old_as_written,
    o.claim_status                              AS old_claim_status,
    coalesce(oa.publisher, oa.source)           AS old_source,
    o.given_by                                  AS old_given_by,
    o.sentence                                  AS old_sentence,
    oa.canonical_url                            AS old_url,
    x.created_at
FROM alerts x
JOIN figures n ON n.id = x.new_figure_id
JOIN articles na ON na.id = n.article_id
JOIN figures o ON o.id = x.old_figure_id
JOIN articles oa ON oa.id = o.article_id
WHERE x.status = 'review';

COMMENT ON VIEW v_possible_conflicts IS 'Conflicts held for review, never sent to a channel: one side is not a confident headline claim, or the two figures probably count different things. held_reason says why each was held back; newstally alerts --review lists them.';
COMMENT ON COLUMN v_possible_conflicts.alert_id IS 'alerts.id (newstally alerts show|ack|dispute ID).';
COMMENT ON COLUMN v_possible_conflicts.kind IS 'contradiction or revision.';
COMMENT ON COLUMN v_possible_conflicts.metric IS 'Metric of both figures.';
COMMENT ON COLUMN v_possible_conflicts.rule IS 'The rule that fired (disjoint_intervals, cumulative_decrease, settled_toll …).';
COMMENT ON COLUMN v_possible_conflicts.held_reason IS 'Why the conflict was held back instead of pushed.';
COMMENT ON COLUMN v_possible_conflicts.new_as_written IS 'The newer figure as written.';
COMMENT ON COLUMN v_possible_conflicts.new_claim_status IS 'figures.claim_status of the newer figure.';
COMMENT ON COLUMN v_possible_conflicts.new_source IS 'Publisher (else feed) of the newer figure''s article.';
COMMENT ON COLUMN v_possible_conflicts.new_given_by IS 'Who gave the newer figure (figures.given_by).';
COMMENT ON COLUMN v_possible_conflicts.new_sentence IS 'Evidence sentence of the newer figure.';
COMMENT ON COLUMN v_possible_conflicts.new_url IS 'Canonical URL of the newer figure''s article.';
COMMENT ON COLUMN v_possible_conflicts.old_as_written IS 'The older figure as written.';
COMMENT ON COLUMN v_possible_conflicts.old_claim_status IS 'figures.claim_status of the older figure.';
COMMENT ON COLUMN v_possible_conflicts.old_source IS 'Publisher (else feed) of the older figure''s article.';
COMMENT ON COLUMN v_possible_conflicts.old_given_by IS 'Who gave the older figure (figures.given_by).';
COMMENT ON COLUMN v_possible_conflicts.old_sentence IS 'Evidence sentence of the older figure.';
COMMENT ON COLUMN v_possible_conflicts.old_url IS 'Canonical URL of the older figure''s article.';
COMMENT ON COLUMN v_possible_conflicts.created_at IS 'When the conflict was found.';

-- v_figures (and the views, example queries and report built on it) show headline claims;
-- the other figures stay in the figures table.
CREATE OR REPLACE VIEW v_figures AS
SELECT
    f.id                                                       AS figure_id,
    f.metric,
    f.value,
    f.qualifier,
    f.low,
    f.high,
    f.unit,
    f.attributed_to,
    coalesce(f.given_by, a.publisher, a.source)                AS given_by,
    f.as_of,
    f.period,
    coalesce(f.span, CAST(f.value AS VARCHAR))                 AS as_written,
    f.sentence,
    f.language,
    a.id                                                       AS article_id,
    a.title,
    a.url,
    a.canonical_url,
    a.source,
    coalesce(a.publisher, a.source)                            AS publisher,
    a.published_at,
    CAST(timezone('UTC', a.published_at) AS DATE)              AS published_date,
    coalesce(f.as_of, CAST(timezone('UTC', a.published_at) AS DATE)) AS reference_date,
    a.story_id,
    a.is_seed,
    a.date_flag,
    f.extractor_version,
    f.created_at,
    coalesce(f.claim_status, 'headline')                       AS claim_status
FROM figures f
JOIN articles a ON a.id = f.article_id
WHERE a.duplicate_of IS NULL
  AND (a.is_seed OR f.content_sha256 IS NOT DISTINCT FROM a.content_sha256)
  AND coalesce(f.claim_status, 'headline') = 'headline';

COMMENT ON VIEW v_figures IS 'One row per headline figure (figures.claim_status = headline: not a breakdown, subgroup or uncertain count; those stay in the figures table, one join away) of the current page version of an original article (seed corpus included), with its article, source, publisher, URL, story and dates. Copies have no figures; figures of superseded page versions are left out.';
COMMENT ON COLUMN v_figures.figure_id IS 'figures.id (referenced by alerts).';
COMMENT ON COLUMN v_figures.metric IS 'killed, injured, arrested, detained_current (held now), released, minors_detained, disappeared or other.';
COMMENT ON COLUMN v_figures.value IS 'The number as written, as an integer ("nearly 200" → 200).';
COMMENT ON COLUMN v_figures.qualifier IS 'exact, at_least, more_than, about, nearly, up_to or fewer_than.';
COMMENT ON COLUMN v_figures.low IS 'Lower bound of the interval the qualifier implies.';
COMMENT ON COLUMN v_figures.high IS 'Upper bound of the interval; NULL when open-ended ("at least 28").';
COMMENT ON COLUMN v_figures.unit IS 'What is counted: people, political prisoners, protesters, minors …';
COMMENT ON COLUMN v_figures.attributed_to IS 'Who gave the figure, if the text says (Foro Penal, government …).';
COMMENT ON COLUMN v_figures.given_by IS 'Who gave the figure as one name across languages (Government, Foro Penal …: figures.given_by), else the publisher when the text names no source.';
COMMENT ON COLUMN v_figures.as_of IS 'Date the count refers to, when the text gives one.';
COMMENT ON COLUMN v_figures.period IS 'Period the count covers, when the text gives one.';
COMMENT ON COLUMN v_figures.as_written IS 'The number phrase as the article wrote it, e.g. "at least 28", "más de 1.800".';
COMMENT ON COLUMN v_figures.sentence IS 'The evidence: the sentence the figure was read from (article text: escape it before putting it in HTML).';
COMMENT ON COLUMN v_figures.language IS 'Language the figure was read in (en or es).';
COMMENT ON COLUMN v_figures.article_id IS 'articles.id of the reporting article.';
COMMENT ON COLUMN v_figures.title IS 'Title of the reporting article.';
COMMENT ON COLUMN v_figures.url IS 'URL of the reporting article as the feed gave it.';
COMMENT ON COLUMN v_figures.canonical_url IS 'Canonical URL of the reporting article.';
COMMENT ON COLUMN v_figures.source IS 'sources.name of the feed that led to the article ("seed" for the seed corpus).';
COMMENT ON COLUMN v_figures.publisher IS 'Publisher (site name) of the article, else the feed name.';
COMMENT ON COLUMN v_figures.published_at IS 'Publication time of the article (feed date, else page date).';
COMMENT ON COLUMN v_figures.published_date IS 'Publication date of the article (UTC).';
COMMENT ON COLUMN v_figures.reference_date IS 'Date the figure speaks of: as_of when the text gives one, else the publication date. Timelines use it.';
COMMENT ON COLUMN v_figures.story_id IS 'Story of the article (shared with its copies and versions).';
COMMENT ON COLUMN v_figures.is_seed IS 'True when the article is from the seed corpus.';
COMMENT ON COLUMN v_figures.date_flag IS 'Set when the page date was far from the feed date and not trusted.';
COMMENT ON COLUMN v_figures.extractor_version IS 'Version of pipeline.figures that read the figure.';
COMMENT ON COLUMN v_figures.created_at IS 'When the figure row was loaded.';
COMMENT ON COLUMN v_figures.claim_status IS 'Always headline here: parts, subgroups and uncertain counts are in figures (claim_status, part_of_figure_id, claim_reasons).';

