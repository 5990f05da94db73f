-- Question: Who reported the most releases in December 2024?
-- Release figures (metric released) whose reference date falls in December 2024, grouped
-- by who gave them (the attributed source, else the publisher): the largest figure each
-- reported, how it was written, and how many release figures they gave that month.
SELECT given_by,
       max(value)                                         AS largest_release_figure,
       arg_max(as_written, value)                         AS as_written,
       arg_max(publisher, value)                          AS reported_by,
       arg_max(reference_date, value)                     AS reference_date,
       count(*)                                           AS release_figures
FROM v_figures
WHERE metric = 'released'
  AND reference_date >= DATE '2024-12-01' AND reference_date < DATE '2025-01-01'
GROUP BY 1
ORDER BY largest_release_figure DESC, release_figures DESC;
