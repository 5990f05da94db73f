-- Question: Which figures' dates need checking before they are relied on?
-- Two warnings: a date was flagged (the page's far from the feed's, or one outside
-- 1994 .. now + 1 day; articles.date_flag says which was used and why), or the figure refers to a date more than 30 days
-- before its article was published (an old count repeated, or a misread date). Timelines
-- place figures at their reference date, so these can land at a surprising point.
SELECT f.figure_id,
       f.metric,
       f.as_written,
       f.publisher,
       f.published_date,
       f.reference_date,
       CAST(timezone('UTC', a.page_published_at) AS DATE) AS page_date,
       CASE WHEN f.date_flag IS NOT NULL THEN 'date flagged: ' || f.date_flag
            ELSE 'refers to ' || (f.published_date - f.reference_date) || ' days before publication'
       END                                                AS why,
       f.canonical_url                                    AS url
FROM v_figures f
JOIN articles a ON a.id = f.article_id
WHERE f.date_flag IS NOT NULL
   OR f.reference_date < f.published_date - 30
ORDER BY f.date_flag IS NULL, f.published_date DESC, f.figure_id;
