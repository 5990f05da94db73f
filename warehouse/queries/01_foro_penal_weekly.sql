-- Question: How has Foro Penal's count of political prisoners changed week by week?
-- Foro Penal publishes a "balance" of the people held for political reasons (metric
-- detained_current, a stock that goes up and down). Outlets repeat it, so this starts from
-- v_figure_timeline (one point per reference date), keeps the last count of each ISO week,
-- and compares it with the previous week that has one.
WITH weekly AS (
    SELECT CAST(date_trunc('week', reference_date) AS DATE) AS week,
           max(reference_date)                          AS as_of,
           arg_max(value, reference_date)               AS political_prisoners,
           arg_max(as_written, reference_date)          AS as_written,
           arg_max(publisher, reference_date)           AS reported_by
    FROM v_figure_timeline
    WHERE metric = 'detained_current'
      AND strip_accents(lower(given_by)) LIKE '%foro penal%'
    GROUP BY 1
)
SELECT week,
       as_of,
       political_prisoners,
       as_written,
       political_prisoners - lag(political_prisoners) OVER (ORDER BY week) AS change_from_previous,
       reported_by
FROM weekly
ORDER BY week;
