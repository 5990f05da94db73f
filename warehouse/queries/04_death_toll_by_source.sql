-- Question: What death toll of the post-election protests does each source give?
-- Figures of people killed, by who gave them (attributed source, else publisher): the
-- latest figure each gave (with its qualifier: "at least 28" is open-ended) and the
-- highest it ever gave. Differences between sources are what contradiction alerts check.
SELECT l.given_by,
       l.as_written                                       AS latest_as_written,
       l.value                                            AS latest_value,
       l.qualifier                                        AS latest_qualifier,
       l.reference_date                                   AS latest_reference_date,
       m.highest_value,
       m.figures,
       l.publisher,
       l.url
FROM v_latest_figures l
JOIN (SELECT metric, lower(given_by) AS who, coalesce(unit, '') AS unit,
             max(value) AS highest_value, count(*) AS figures
      FROM v_figures GROUP BY ALL) m
  ON m.metric = l.metric AND m.who = lower(l.given_by) AND m.unit = coalesce(l.unit, '')
WHERE l.metric = 'killed'
ORDER BY l.reference_date, l.given_by;
