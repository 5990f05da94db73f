-- Feed entries skipped unfetched by a source's topic pre-filter (issue 11), kept so an
-- operator can see what was never fetched and take it again (`newstally skipped`).

CREATE TABLE IF NOT EXISTS skipped_entries (
    source        VARCHAR NOT NULL,
    canonical_url VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    title         VARCHAR,
    summary       VARCHAR,
    published_at  TIMESTAMPTZ,
    guid          VARCHAR,
    language      VARCHAR,
    reason        VARCHAR NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    times_seen    INTEGER NOT NULL DEFAULT 1,
    retake        BOOLEAN NOT NULL DEFAULT false,
    taken_at      TIMESTAMPTZ,
    PRIMARY KEY (source, canonical_url)
);

COMMENT ON TABLE skipped_entries IS 'Feed entries the topic pre-filter skipped without fetching their page (their title and summary name no topic term). Set per source with prefilter = true|false in the sources file (off by default for google_news). `newstally skipped --retake URL` (or --all) marks entries to be fetched on the next run; taken_at is set when a run took one.';
COMMENT ON COLUMN skipped_entries.reason IS 'Why the entry was skipped, e.g. "title and summary mention none of the topic terms".';
COMMENT ON COLUMN skipped_entries.times_seen IS 'Runs in which the feed listed this entry and it was skipped again.';
COMMENT ON COLUMN skipped_entries.retake IS 'true: the next run fetches this entry''s page whatever its title says (set by newstally skipped --retake).';
COMMENT ON COLUMN skipped_entries.taken_at IS 'When a run took the entry after a retake; NULL while it stays skipped.';
COMMENT ON COLUMN skipped_entries.source IS 'sources.name of the feed that listed the entry.';
COMMENT ON COLUMN skipped_entries.canonical_url IS 'The entry link, canonicalised (the key, with source).';
COMMENT ON COLUMN skipped_entries.url IS 'The entry link as the feed gave it.';
COMMENT ON COLUMN skipped_entries.title IS 'The entry title as the feed gave it.';
COMMENT ON COLUMN skipped_entries.summary IS 'The entry summary as the feed gave it (what the pre-filter read besides the title).';
COMMENT ON COLUMN skipped_entries.published_at IS 'The entry date as the feed gave it (UTC).';
COMMENT ON COLUMN skipped_entries.guid IS 'The entry id/guid as the feed gave it.';
COMMENT ON COLUMN skipped_entries.language IS 'The language of the entry (feed declaration or source default).';
COMMENT ON COLUMN skipped_entries.first_seen_at IS 'When a run first skipped the entry.';
COMMENT ON COLUMN skipped_entries.last_seen_at IS 'When a run last skipped the entry.';
