-- Question: Which figures are disputed (open contradiction alerts)?
-- Every open contradiction with both sides: what each article wrote, who published it and
-- when, and the two evidence sentences. Acknowledged or disputed alerts are left out
-- (newstally alerts ack|dispute ID); revisions (a source changing its own figure) too.
SELECT alert_id,
       metric,
       rule,
       new_as_written,
       new_source,
       new_published_date,
       old_as_written,
       old_source,
       old_published_date,
       new_sentence,
       old_sentence,
       new_url,
       old_url
FROM v_open_alerts
WHERE kind = 'contradiction'
ORDER BY created_at DESC, alert_id DESC;
