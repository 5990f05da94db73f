-- 002: analyst views. They derive the current picture from the append-only tables and
-- hold no data, so they work on an empty warehouse as on a full one. Dates are taken in
-- UTC, whatever the client's time zone. Replace a view by a later migration that says
-- CREATE OR REPLACE VIEW again (and re-comments it).

-- Figures of the current version of each original article. A page that changed gives new
-- figure rows (a revision); only those of the version the article's text comes from are
-- shown. Copies have no figures (a reprint counts once), so none appear here.
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
    f.created_at
FROM figures f
JOIN articles a ON a.id = f.article_id
WHERE a.duplicate_of IS NULL
  AND (a.is_seed OR f.content_sha256 IS NOT DISTINCT FROM a.content_sha256);

COMMENT ON VIEW v_figures IS 'One row per figure of the current page version of an original article (seed corpus included), with its article, source, publisher, URL, story and dates. Copies have no figures; figures of superseded page versions are left out.';
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

-- The latest figure per claim and source: a claim is a metric counted in one unit (its
-- definition: political prisoners are not all detainees) and given by one attributed
-- source (or, when the text names none, by the publisher itself).
CREATE OR REPLACE VIEW v_latest_figures AS
SELECT
    metric,
    unit,
    given_by,
    attributed_to,
    publisher,
    value,
    qualifier,
    low,
    high,
    as_written,
    reference_date,
    published_date,
    sentence,
    canonical_url                                              AS url,
    figure_id,
    count(*) OVER w                                            AS n_reports,
    min(reference_date) OVER w                                 AS first_reference_date
FROM v_figures
WINDOW w AS (PARTITION BY metric, coalesce(unit, ''), lower(coalesce(given_by, '')))
QUALIFY row_number() OVER (
    PARTITION BY metric, coalesce(unit, ''), lower(coalesce(given_by, ''))
    ORDER BY reference_date DESC NULLS LAST, published_at DESC NULLS LAST, figure_id DESC) = 1;

COMMENT ON VIEW v_latest_figures IS 'The latest figure per claim and source: one row per (metric, unit, who gave it), the one with the latest reference date (then the latest published).';
COMMENT ON COLUMN v_latest_figures.metric IS 'Metric counted.';
COMMENT ON COLUMN v_latest_figures.unit IS 'What is counted (the definition: political prisoners, detainees, people …).';
COMMENT ON COLUMN v_latest_figures.given_by IS 'Who gave the figure as one name across languages (v_figures.given_by): the attributed source, else the publisher.';
COMMENT ON COLUMN v_latest_figures.attributed_to IS 'Attributed source as the text names it; NULL when it names none.';
COMMENT ON COLUMN v_latest_figures.publisher IS 'Publisher of the article that reported the latest value.';
COMMENT ON COLUMN v_latest_figures.value IS 'Latest value.';
COMMENT ON COLUMN v_latest_figures.qualifier IS 'Qualifier of the latest value (exact, at_least …).';
COMMENT ON COLUMN v_latest_figures.low IS 'Lower bound of the latest value''s interval.';
COMMENT ON COLUMN v_latest_figures.high IS 'Upper bound of the latest value''s interval; NULL when open-ended.';
COMMENT ON COLUMN v_latest_figures.as_written IS 'The latest number phrase as written.';
COMMENT ON COLUMN v_latest_figures.reference_date IS 'Date the latest value speaks of.';
COMMENT ON COLUMN v_latest_figures.published_date IS 'Publication date of the article that gave it.';
COMMENT ON COLUMN v_latest_figures.sentence IS 'Evidence sentence of the latest value.';
COMMENT ON COLUMN v_latest_figures.url IS 'Canonical URL of the article that gave it (the publisher''s page, aggregator links resolved).';
COMMENT ON COLUMN v_latest_figures.figure_id IS 'figures.id of the latest value.';
COMMENT ON COLUMN v_latest_figures.n_reports IS 'How many figures this claim and source has in total.';
COMMENT ON COLUMN v_latest_figures.first_reference_date IS 'Reference date of the claim''s earliest figure from this source.';

-- One point per metric, unit, source and date, with the previous point of the same series.
CREATE OR REPLACE VIEW v_figure_timeline AS
WITH points AS (
    SELECT
        metric,
        unit,
        given_by,
        publisher,
        reference_date,
        value,
        qualifier,
        low,
        high,
        as_written,
        canonical_url                                          AS url,
        figure_id,
        count(*) OVER (PARTITION BY metric, coalesce(unit, ''),
                       lower(coalesce(given_by, '')), reference_date) AS n_reports
    FROM v_figures
    WHERE reference_date IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY metric, coalesce(unit, ''), lower(coalesce(given_by, '')),
                     reference_date
        ORDER BY published_at DESC NULLS LAST, figure_id DESC) = 1
)
SELECT
    metric,
    unit,
    given_by,
    publisher,
    reference_date,
    value,
    qualifier,
    low,
    high,
    as_written,
    lag(value) OVER s                                          AS previous_value,
    lag(reference_date) OVER s                                 AS previous_date,
    value - lag(value) OVER s                                  AS change,
    reference_date - lag(reference_date) OVER s                AS days_since_previous,
    n_reports,
    url,
    figure_id
FROM points
WINDOW s AS (PARTITION BY metric, coalesce(unit, ''), lower(given_by) ORDER BY reference_date);

COMMENT ON VIEW v_figure_timeline IS 'Figures over time: one point per (metric, unit, who gave it, reference date) — the most recently published figure for that date — with the previous point of the same series and the change.';
COMMENT ON COLUMN v_figure_timeline.metric IS 'Metric counted.';
COMMENT ON COLUMN v_figure_timeline.unit IS 'What is counted (the series definition).';
COMMENT ON COLUMN v_figure_timeline.given_by IS 'The series'' source as one name across languages (v_figures.given_by): the attributed source, else the publisher.';
COMMENT ON COLUMN v_figure_timeline.publisher IS 'Publisher of the article the point comes from.';
COMMENT ON COLUMN v_figure_timeline.reference_date IS 'Date the value speaks of (as_of, else publication date).';
COMMENT ON COLUMN v_figure_timeline.value IS 'Value at that date.';
COMMENT ON COLUMN v_figure_timeline.qualifier IS 'Qualifier of the value (exact, at_least …).';
COMMENT ON COLUMN v_figure_timeline.low IS 'Lower bound of the value''s interval.';
COMMENT ON COLUMN v_figure_timeline.high IS 'Upper bound of the value''s interval; NULL when open-ended.';
COMMENT ON COLUMN v_figure_timeline.as_written IS 'The number phrase as written.';
COMMENT ON COLUMN v_figure_timeline.previous_value IS 'Value of the previous point of the series; NULL for the first.';
COMMENT ON COLUMN v_figure_timeline.previous_date IS 'Reference date of the previous point.';
COMMENT ON COLUMN v_figure_timeline.change IS 'value - previous_value.';
COMMENT ON COLUMN v_figure_timeline.days_since_previous IS 'Days between the previous point and this one.';
COMMENT ON COLUMN v_figure_timeline.n_reports IS 'Figures of this series for this date (articles that repeated it).';
COMMENT ON COLUMN v_figure_timeline.url IS 'Canonical URL of the article the point comes from.';
COMMENT ON COLUMN v_figure_timeline.figure_id IS 'figures.id of the point.';

-- Open alerts with both sides. Each side is read from the figure and its article; if the
-- figure is gone (replaced by newstally reprocess) the evidence stored in alerts.details
-- at raise time is shown instead.
CREATE OR REPLACE VIEW v_open_alerts AS
SELECT
    x.id                                                       AS alert_id,
    x.kind,
    x.metric,
    x.rule,
    x.message,
    x.created_at,
    x.delivered_at IS NOT NULL                                 AS delivered,
    x.new_figure_id,
    coalesce(n.span, CAST(n.value AS VARCHAR), x.details->'new'->>'as_written') AS new_as_written,
    coalesce(n.value, TRY_CAST(x.details->'new'->>'value' AS BIGINT))           AS new_value,
    coalesce(n.sentence, x.details->'new'->>'sentence')        AS new_sentence,
    coalesce(na.canonical_url, x.details->'new'->>'url')                 AS new_url,
    coalesce(na.publisher, na.source, x.details->'new'->>'publisher', x.details->'new'->>'source') AS new_source,
    coalesce(n.attributed_to, x.details->'new'->>'attributed_to') AS new_attributed_to,
    coalesce(CAST(timezone('UTC', na.published_at) AS DATE),
             TRY_CAST(x.details->'new'->>'published' AS DATE)) AS new_published_date,
    x.old_figure_id,
    coalesce(o.span, CAST(o.value AS VARCHAR), x.details->'old'->>'as_written') AS old_as_written,
    coalesce(o.value, TRY_CAST(x.details->'old'->>'value' AS BIGINT))           AS old_value,
    coalesce(o.sentence, x.details->'old'->>'sentence')        AS old_sentence,
    coalesce(oa.canonical_url, x.details->'old'->>'url')                 AS old_url,
    coalesce(oa.publisher, oa.source, x.details->'old'->>'publisher', x.details->'old'->>'source') AS old_source,
    coalesce(o.attributed_to, x.details->'old'->>'attributed_to') AS old_attributed_to,
    coalesce(CAST(timezone('UTC', oa.published_at) AS DATE),
             TRY_CAST(x.details->'old'->>'published' AS DATE)) AS old_published_date
FROM alerts x
LEFT JOIN figures n ON n.id = x.new_figure_id
LEFT JOIN articles na ON na.id = n.article_id
LEFT JOIN figures o ON o.id = x.old_figure_id
LEFT JOIN articles oa ON oa.id = o.article_id
WHERE x.status = 'open';

COMMENT ON VIEW v_open_alerts IS 'Open alerts (not acknowledged, disputed or superseded) with both sides'' evidence: values as written, sentences, URLs, sources and dates.';
COMMENT ON COLUMN v_open_alerts.alert_id IS 'alerts.id (newstally alerts show|ack|dispute ID).';
COMMENT ON COLUMN v_open_alerts.kind IS 'contradiction or revision.';
COMMENT ON COLUMN v_open_alerts.metric IS 'Metric of both figures.';
COMMENT ON COLUMN v_open_alerts.rule IS 'The rule that fired (disjoint_intervals, cumulative_decrease, same_date_stock …).';
COMMENT ON COLUMN v_open_alerts.message IS 'The alert''s readable message, as delivered.';
COMMENT ON COLUMN v_open_alerts.created_at IS 'When the alert was raised.';
COMMENT ON COLUMN v_open_alerts.delivered IS 'True once every configured channel accepted it.';
COMMENT ON COLUMN v_open_alerts.new_figure_id IS 'figures.id of the newer figure.';
COMMENT ON COLUMN v_open_alerts.new_as_written IS 'The newer figure as written.';
COMMENT ON COLUMN v_open_alerts.new_value IS 'The newer figure''s value.';
COMMENT ON COLUMN v_open_alerts.new_sentence IS 'Evidence sentence of the newer figure.';
COMMENT ON COLUMN v_open_alerts.new_url IS 'Canonical URL of the article with the newer figure (aggregator links resolved).';
COMMENT ON COLUMN v_open_alerts.new_source IS 'Publisher (else feed) of the newer figure''s article.';
COMMENT ON COLUMN v_open_alerts.new_attributed_to IS 'Who gave the newer figure, if the text says.';
COMMENT ON COLUMN v_open_alerts.new_published_date IS 'Publication date of the newer figure''s article.';
COMMENT ON COLUMN v_open_alerts.old_figure_id IS 'figures.id of the older figure.';
COMMENT ON COLUMN v_open_alerts.old_as_written IS 'The older figure as written.';
COMMENT ON COLUMN v_open_alerts.old_value IS 'The older figure''s value.';
COMMENT ON COLUMN v_open_alerts.old_sentence IS 'Evidence sentence of the older figure.';
COMMENT ON COLUMN v_open_alerts.old_url IS 'Canonical URL of the article with the older figure (aggregator links resolved).';
COMMENT ON COLUMN v_open_alerts.old_source IS 'Publisher (else feed) of the older figure''s article.';
COMMENT ON COLUMN v_open_alerts.old_attributed_to IS 'Who gave the older figure, if the text says.';
COMMENT ON COLUMN v_open_alerts.old_published_date IS 'Publication date of the older figure''s article.';

-- Outlets per story: a story reprinted by five outlets is one originating report.
CREATE OR REPLACE VIEW v_story_outlets AS
SELECT
    s.story_id,
    first(a0.title)                                            AS first_title,
    first(a0.canonical_url)                                    AS first_url,
    first(coalesce(a0.publisher, a0.source))                   AS first_publisher,
    first(CAST(timezone('UTC', a0.published_at) AS DATE))      AS first_published_date,
    count(*)                                                   AS n_articles,
    count(DISTINCT coalesce(s.publisher, s.source))            AS n_outlets,
    count(s.duplicate_of)                                      AS n_copies,
    count(*) FILTER (WHERE s.duplicate_of IS NULL AND s.id <> s.story_id) AS n_versions,
    string_agg(DISTINCT coalesce(s.publisher, s.source), ', '
               ORDER BY coalesce(s.publisher, s.source))       AS publishers
FROM articles s
LEFT JOIN articles a0 ON a0.id = s.story_id
WHERE s.story_id IS NOT NULL
GROUP BY s.story_id;

COMMENT ON VIEW v_story_outlets IS 'One row per story (an original, its copies and its versions): its first article, how many articles and distinct outlets carried it, and which.';
COMMENT ON COLUMN v_story_outlets.story_id IS 'articles.story_id: the id of the story''s first article.';
COMMENT ON COLUMN v_story_outlets.first_title IS 'Title of the story''s first article.';
COMMENT ON COLUMN v_story_outlets.first_url IS 'Canonical URL of the story''s first article.';
COMMENT ON COLUMN v_story_outlets.first_publisher IS 'Publisher (else feed) of the story''s first article.';
COMMENT ON COLUMN v_story_outlets.first_published_date IS 'Publication date of the story''s first article.';
COMMENT ON COLUMN v_story_outlets.n_articles IS 'Articles of the story: the first, copies and versions.';
COMMENT ON COLUMN v_story_outlets.n_outlets IS 'Distinct publishers (else feeds) that carried the story.';
COMMENT ON COLUMN v_story_outlets.n_copies IS 'Articles that are copies (duplicate_of set): reprints, not confirmations.';
COMMENT ON COLUMN v_story_outlets.n_versions IS 'Near-duplicates that add a figure (edited reprints), besides the first article.';
COMMENT ON COLUMN v_story_outlets.publishers IS 'The outlets that carried it, comma-separated, alphabetical.';

-- newstally reprocess closes an alert whose figure it replaced and could not match to a
-- re-read figure: its status becomes superseded (the evidence stays in alerts.details).
COMMENT ON COLUMN alerts.status IS 'open, acknowledged or disputed (set with newstally alerts ack|dispute ID), or superseded (newstally reprocess replaced one of its figures by none that matches; details keeps the evidence).';
