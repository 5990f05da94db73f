-- 006: every attempt at fetching an entry's page, and the retries still to come.

CREATE TABLE page_attempts (
    canonical_url   VARCHAR NOT NULL,
    attempt         INTEGER NOT NULL,
    url             VARCHAR NOT NULL,
    source          VARCHAR,
    run_id          VARCHAR,
    attempted_at    TIMESTAMPTZ NOT NULL,
    outcome         VARCHAR NOT NULL,
    http_status     INTEGER,
    error           VARCHAR,
    next_attempt_at TIMESTAMPTZ,
    title           VARCHAR,
    summary         VARCHAR,
    published_at    TIMESTAMPTZ,
    guid            VARCHAR,
    language        VARCHAR,
    PRIMARY KEY (canonical_url, attempt)
);
COMMENT ON TABLE page_attempts IS 'One row per attempt at fetching the page of a feed entry. A transient failure (DNS failure, timeout, lost connection, 5xx, 429, 404) is retried on later runs with back-off (settings page_retries, page_retry_backoff) even when the feed no longer lists the entry; a permanent one (410 and other 4xx, too large, redirect loop, address guard, robots.txt) is recorded in pages and never asked again. README "Pages that failed" has the query that lists the pending retries.';
COMMENT ON COLUMN page_attempts.canonical_url IS 'Canonical URL of the entry link (the key, with attempt); for an aggregator link, the link''s own, not the publisher''s.';
COMMENT ON COLUMN page_attempts.attempt IS '1 for the first attempt at this URL, 2 for the first retry …';
COMMENT ON COLUMN page_attempts.url IS 'The entry link as the feed gave it (what was requested).';
COMMENT ON COLUMN page_attempts.source IS 'sources.name of the feed that listed the entry.';
COMMENT ON COLUMN page_attempts.run_id IS 'runs.id of the run that made the attempt.';
COMMENT ON COLUMN page_attempts.attempted_at IS 'When the attempt was made.';
COMMENT ON COLUMN page_attempts.outcome IS 'fetched (the page came; pages.outcome says what it was), held (it led to an article held already), transient (failed; retried at next_attempt_at), permanent (failed for good; not retried), gave_up (failed transiently page_retries + 1 times; not retried).';
COMMENT ON COLUMN page_attempts.http_status IS 'HTTP status of the answer; NULL when none came (DNS failure, timeout, connection error).';
COMMENT ON COLUMN page_attempts.error IS 'Why the attempt failed, naming the URL; NULL when it did not.';
COMMENT ON COLUMN page_attempts.next_attempt_at IS 'When a run may try again (transient failures only; NULL otherwise). The first retry is due on the next run, then after page_retry_backoff hours × 4^(n-2), at most 24 h, never sooner than the page''s Retry-After.';
COMMENT ON COLUMN page_attempts.title IS 'The entry title as the feed gave it (kept so a retry needs no feed).';
COMMENT ON COLUMN page_attempts.summary IS 'The entry summary as the feed gave it.';
COMMENT ON COLUMN page_attempts.published_at IS 'The entry date as the feed gave it (UTC).';
COMMENT ON COLUMN page_attempts.guid IS 'The entry id/guid as the feed gave it.';
COMMENT ON COLUMN page_attempts.language IS 'The language of the entry (feed declaration or source default).';

COMMENT ON COLUMN pages.outcome IS 'article (loaded into articles), rejected (off-topic or no text; see reason), duplicate (a copy of a held article; also an entry link that led to a held article — a redirect, an aggregator link, a second link to one page — stored under the link''s canonical URL without its body, content_sha256 "held:<article URL>" when no page was fetched), error (a permanent fetch failure, or a transient one whose retries are spent; content_sha256 "error:<URL>").';
