-- Question: Which figures come from pages whose date was flagged?
-- A page date far from the feed date is not trusted (articles.date_flag says why; the feed
-- date is used). Check these figures' reference dates before relying on them.
SELECT f.figure_id,
       f.metric,
       f.as_written,
       f.publisher,
       f.published_date,
       CAST(timezone('UTC', a.page_published_at) AS DATE) AS page_date,
       f.date_flag,
       f.url
FROM v_figures f
JOIN articles a ON a.id = f.article_id
WHERE f.date_flag IS NOT NULL
ORDER BY f.published_date DESC, f.figure_id;
