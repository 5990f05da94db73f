-- Question: Which articles are copies of another, and of what?
-- Copies (duplicate_of set) with the article they copy, how they were found (exact text or
-- near-duplicate) and how similar they are. Their figures are not counted a second time.
SELECT c.id                                              AS copy_id,
       coalesce(c.publisher, c.source)                   AS copy_publisher,
       c.title                                           AS copy_title,
       CAST(timezone('UTC', c.published_at) AS DATE)     AS copy_published,
       o.id                                              AS original_id,
       coalesce(o.publisher, o.source)                   AS original_publisher,
       CAST(timezone('UTC', o.published_at) AS DATE)     AS original_published,
       c.dedup_method,
       round(c.dedup_score, 2)                           AS similarity,
       c.canonical_url                                   AS copy_url
FROM articles c
JOIN articles o ON o.id = c.duplicate_of
ORDER BY c.published_at DESC NULLS LAST, c.id;
