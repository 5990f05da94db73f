-- Question: What is the latest figure per metric, and who gave it?
-- The most recent figure for each metric and definition (unit), whichever source gave it,
-- with how many sources have reported that claim. v_latest_figures has one row per source.
SELECT metric,
       unit,
       arg_max(as_written, reference_date)               AS latest_as_written,
       arg_max(value, reference_date)                    AS latest_value,
       arg_max(given_by, reference_date)                 AS given_by,
       arg_max(publisher, reference_date)                AS publisher,
       max(reference_date)                               AS reference_date,
       count(*)                                          AS sources
FROM v_latest_figures
GROUP BY metric, unit
ORDER BY metric, reference_date DESC;
