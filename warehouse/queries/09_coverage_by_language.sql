-- Question: How do English and Spanish coverage compare, metric by metric?
-- Figures and reporting articles per metric and language, with the date range covered.
-- Gaps show where one language's press does not report a count the other does.
SELECT metric,
       coalesce(language, '?')                           AS language,
       count(*)                                          AS figures,
       count(DISTINCT article_id)                        AS articles,
       count(DISTINCT publisher)                         AS outlets,
       min(reference_date)                               AS first_date,
       max(reference_date)                               AS last_date
FROM v_figures
GROUP BY ALL
ORDER BY metric, language;
