-- 008: one alert per disagreement, with every figure and article on each side.
-- A disagreement is one claim, the same two claim-makers and the same two values after
-- qualifiers (alerts.group_key). Later articles repeating a side add rows to
-- alert_evidence; they raise no new alert and nothing is pushed again.

ALTER TABLE alerts ADD COLUMN IF NOT EXISTS group_key VARCHAR;
COMMENT ON COLUMN alerts.group_key IS 'The disagreement the alert stands for: kind, claim (metric, scope, subgroup, start; a stock''s date) and its two sides (claim-maker, else "outlets", and the value after its qualifier), e.g. contradiction|killed|event|||Government=exact 28 vs UN=exact 25. One alert per group_key: later evidence attaches to it (alert_evidence). NULL for alerts raised before migration 008 and for page revisions.';

CREATE TABLE alert_evidence (
    alert_id     BIGINT NOT NULL,
    side         VARCHAR NOT NULL,
    side_key     VARCHAR NOT NULL,
    figure_id    BIGINT NOT NULL,
    article_id   BIGINT NOT NULL,
    value        BIGINT,
    claim_maker  VARCHAR,
    added_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (alert_id, figure_id)
);
COMMENT ON TABLE alert_evidence IS 'Every figure (and its article) carrying one side of an alert''s disagreement: the alert''s own two figures and every later article repeating a side. Attaching evidence never pushes the alert again.';
COMMENT ON COLUMN alert_evidence.alert_id IS 'alerts.id of the disagreement.';
COMMENT ON COLUMN alert_evidence.side IS 'new: the side of alerts.new_figure_id; old: the side of alerts.old_figure_id.';
COMMENT ON COLUMN alert_evidence.side_key IS 'Who says what on this side: the claim-maker (else "outlets", an article''s own figure) and the value after its qualifier, e.g. Government=exact 28 (legacy:new / legacy:old for alerts raised before migration 008).';
COMMENT ON COLUMN alert_evidence.figure_id IS 'figures.id of the figure carrying the side (kept as it was when newstally reprocess replaces it by none that matches).';
COMMENT ON COLUMN alert_evidence.article_id IS 'articles.id of the article the figure was read from.';
COMMENT ON COLUMN alert_evidence.value IS 'The figure''s value.';
COMMENT ON COLUMN alert_evidence.claim_maker IS 'Who makes the claim: the named source, else outlet:<host> when the article makes it itself.';
COMMENT ON COLUMN alert_evidence.added_at IS 'When the figure was attached to the alert.';

-- alerts raised before this migration: their own two figures are their evidence
INSERT INTO alert_evidence
SELECT x.id, s.side, 'legacy:' || s.side, f.id, f.article_id, CAST(f.value AS BIGINT), f.given_by,
       x.created_at
FROM alerts x
CROSS JOIN (VALUES ('new'), ('old')) s(side)
JOIN figures f ON f.id = CASE s.side WHEN 'new' THEN x.new_figure_id ELSE x.old_figure_id END
ON CONFLICT DO NOTHING;

CREATE OR REPLACE VIEW v_alert_groups AS
SELECT
    x.id                                                              AS alert_id,
    x.kind,
    x.metric,
    x.rule,
    x.status,
    x.group_key,
    count(DISTINCT e.article_id) FILTER (WHERE e.side = 'new')        AS new_side_articles,
    count(DISTINCT e.article_id) FILTER (WHERE e.side = 'old')        AS old_side_articles,
    count(e.figure_id)                                                AS evidence_figures,
    max(e.added_at)                                                   AS last_evidence_at,
    x.created_at,
    x.delivered_at
FROM alerts x
LEFT JOIN alert_evidence e ON e.alert_id = x.id
GROUP BY ALL;

COMMENT ON VIEW v_alert_groups IS 'One row per alert (one disagreement) with how many articles carry each side: later articles repeating a side are counted here and never pushed again.';
COMMENT ON COLUMN v_alert_groups.alert_id IS 'alerts.id (newstally alerts show|ack|dispute ID).';
COMMENT ON COLUMN v_alert_groups.kind IS 'contradiction or revision.';
COMMENT ON COLUMN v_alert_groups.metric IS 'Metric of both sides.';
COMMENT ON COLUMN v_alert_groups.rule IS 'The rule that fired for the alert''s own pair.';
COMMENT ON COLUMN v_alert_groups.status IS 'open (pushed), review (held back), acknowledged, disputed or superseded.';
COMMENT ON COLUMN v_alert_groups.group_key IS 'The disagreement (alerts.group_key).';
COMMENT ON COLUMN v_alert_groups.new_side_articles IS 'Articles carrying the side of the alert''s newer figure.';
COMMENT ON COLUMN v_alert_groups.old_side_articles IS 'Articles carrying the side of the alert''s older figure.';
COMMENT ON COLUMN v_alert_groups.evidence_figures IS 'Figures on both sides (alert_evidence rows).';
COMMENT ON COLUMN v_alert_groups.last_evidence_at IS 'When the last figure was attached.';
COMMENT ON COLUMN v_alert_groups.created_at IS 'When the alert was raised.';
COMMENT ON COLUMN v_alert_groups.delivered_at IS 'When every channel took it (once: evidence attached later is not pushed).';
