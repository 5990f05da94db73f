-- Question: Which feeds failed in the last 24 hours, and how often?
-- Every feed polled in the 24 hours before the latest poll (so the query also answers on
-- an old copy of the warehouse), with its polls, its failures and the last error. Feeds
-- with failures come first; a feed with 0 failures is healthy.
WITH recent AS (
    SELECT *
    FROM feed_polls
    WHERE polled_at >= (SELECT max(polled_at) FROM feed_polls) - INTERVAL 24 HOUR
)
SELECT source,
       count(*)                                           AS polls,
       count(*) FILTER (WHERE status = 'error')           AS failures,
       max(polled_at) FILTER (WHERE status = 'error')     AS last_failure,
       arg_max(error, polled_at) FILTER (WHERE status = 'error') AS last_error,
       arg_max(http_status, polled_at)                    AS last_http_status,
       sum(new_entries)                                   AS new_entries
FROM recent
GROUP BY source
ORDER BY failures DESC, source;
