-- 001: the core tables of DESIGN.md. Columns may be added by later migrations, never renamed.

CREATE SEQUENCE IF NOT EXISTS article_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS figure_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS alert_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS poll_id_seq START 1;

CREATE TABLE sources (
    name            VARCHAR PRIMARY KEY,
    url             VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    language        VARCHAR,
    etag            VARCHAR,
    last_modified   VARCHAR,
    body_sha256     VARCHAR,
    first_seen_at   TIMESTAMPTZ NOT NULL,
    last_polled_at  TIMESTAMPTZ
);
COMMENT ON TABLE sources IS 'One row per feed ever listed in a sources file, with the conditional-GET state of its last successful poll.';
COMMENT ON COLUMN sources.name IS 'Source name as written in the sources file (natural key).';
COMMENT ON COLUMN sources.url IS 'Feed URL polled.';
COMMENT ON COLUMN sources.kind IS 'rss, atom or google_news.';
COMMENT ON COLUMN sources.language IS 'Language of the feed: en or es.';
COMMENT ON COLUMN sources.etag IS 'ETag of the last 200 response, sent back as If-None-Match.';
COMMENT ON COLUMN sources.last_modified IS 'Last-Modified of the last 200 response, sent back as If-Modified-Since.';
COMMENT ON COLUMN sources.body_sha256 IS 'SHA-256 of the last feed body, for servers that ignore conditional GET.';
COMMENT ON COLUMN sources.first_seen_at IS 'When this source was first loaded.';
COMMENT ON COLUMN sources.last_polled_at IS 'When this source was last polled (any outcome).';

CREATE TABLE runs (
    id           VARCHAR PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    sources_file VARCHAR,
    summary      JSON
);
COMMENT ON TABLE runs IS 'One row per ingestion run (the Prefect flow run id when run through Prefect).';
COMMENT ON COLUMN runs.id IS 'Run id: the Prefect flow run id.';
COMMENT ON COLUMN runs.started_at IS 'When the run started.';
COMMENT ON COLUMN runs.finished_at IS 'When the run finished loading; NULL if it was interrupted.';
COMMENT ON COLUMN runs.sources_file IS 'Path of the sources file the run used.';
COMMENT ON COLUMN runs.summary IS 'The run summary as JSON (feeds polled, new articles, duplicates, figures, alerts).';

CREATE TABLE feed_polls (
    id           BIGINT PRIMARY KEY DEFAULT nextval('poll_id_seq'),
    run_id       VARCHAR,
    source       VARCHAR NOT NULL,
    url          VARCHAR NOT NULL,
    polled_at    TIMESTAMPTZ NOT NULL,
    status       VARCHAR NOT NULL,
    http_status  INTEGER,
    entries      INTEGER NOT NULL DEFAULT 0,
    new_entries  INTEGER NOT NULL DEFAULT 0,
    error        VARCHAR,
    duration_ms  DOUBLE
);
COMMENT ON TABLE feed_polls IS 'Every poll of every feed: one row per feed per run, failures included.';
COMMENT ON COLUMN feed_polls.id IS 'Surrogate key.';
COMMENT ON COLUMN feed_polls.run_id IS 'runs.id of the run that polled.';
COMMENT ON COLUMN feed_polls.source IS 'sources.name of the feed.';
COMMENT ON COLUMN feed_polls.url IS 'Feed URL requested.';
COMMENT ON COLUMN feed_polls.polled_at IS 'When the request was sent.';
COMMENT ON COLUMN feed_polls.status IS 'ok (parsed), not_modified (304), unchanged (same body hash), error.';
COMMENT ON COLUMN feed_polls.http_status IS 'HTTP status code of the final response; NULL when none was received.';
COMMENT ON COLUMN feed_polls.entries IS 'Entries in the feed body.';
COMMENT ON COLUMN feed_polls.new_entries IS 'Entries whose canonical URL was not held before and passed the topic pre-filter.';
COMMENT ON COLUMN feed_polls.error IS 'Why the poll failed, naming the feed and what to do; NULL on success.';
COMMENT ON COLUMN feed_polls.duration_ms IS 'Wall time of the poll in milliseconds.';

CREATE TABLE pages (
    canonical_url  VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    final_url      VARCHAR,
    source         VARCHAR,
    http_status    INTEGER,
    content_type   VARCHAR,
    encoding       VARCHAR,
    etag           VARCHAR,
    last_modified  VARCHAR,
    fetched_at     TIMESTAMPTZ NOT NULL,
    raw_html_gz    BLOB,
    outcome        VARCHAR NOT NULL,
    reason         VARCHAR,
    PRIMARY KEY (canonical_url, content_sha256)
);
COMMENT ON TABLE pages IS 'Every distinct version of every page fetched, with its raw HTML gzip-compressed so it can be re-processed without fetching again.';
COMMENT ON COLUMN pages.canonical_url IS 'Canonical URL of the page (tracking parameters, fragments, AMP/mobile variants removed).';
COMMENT ON COLUMN pages.content_sha256 IS 'SHA-256 of the raw body: one row per distinct version.';
COMMENT ON COLUMN pages.url IS 'URL requested (from the feed entry).';
COMMENT ON COLUMN pages.final_url IS 'URL after redirects.';
COMMENT ON COLUMN pages.source IS 'sources.name of the feed the entry came from.';
COMMENT ON COLUMN pages.http_status IS 'HTTP status code.';
COMMENT ON COLUMN pages.content_type IS 'Content-Type header.';
COMMENT ON COLUMN pages.encoding IS 'Character encoding used to decode the body.';
COMMENT ON COLUMN pages.etag IS 'ETag of the response, for conditional re-fetches.';
COMMENT ON COLUMN pages.last_modified IS 'Last-Modified of the response, for conditional re-fetches.';
COMMENT ON COLUMN pages.fetched_at IS 'When this version was fetched.';
COMMENT ON COLUMN pages.raw_html_gz IS 'The raw body, gzip-compressed (decompress with newstally reprocess or Python gzip).';
COMMENT ON COLUMN pages.outcome IS 'article (loaded into articles), rejected (off-topic or no text; see reason), duplicate (a copy of a held article).';
COMMENT ON COLUMN pages.reason IS 'Why a page was rejected, e.g. "off-topic: relevance 0.02 < 0.15".';

CREATE TABLE articles (
    id                 BIGINT PRIMARY KEY DEFAULT nextval('article_id_seq'),
    url                VARCHAR NOT NULL,
    canonical_url      VARCHAR NOT NULL UNIQUE,
    source             VARCHAR,
    publisher          VARCHAR,
    title              VARCHAR,
    author             VARCHAR,
    published_at       TIMESTAMPTZ,
    feed_published_at  TIMESTAMPTZ,
    page_published_at  TIMESTAMPTZ,
    date_flag          VARCHAR,
    language           VARCHAR,
    text               VARCHAR NOT NULL,
    text_sha256        VARCHAR NOT NULL,
    relevance          DOUBLE,
    is_seed            BOOLEAN NOT NULL DEFAULT false,
    duplicate_of       BIGINT,
    story_id           BIGINT,
    dedup_score        DOUBLE,
    dedup_method       VARCHAR,
    fetched_at         TIMESTAMPTZ,
    last_checked_at    TIMESTAMPTZ,
    content_sha256     VARCHAR,
    extractor_version  VARCHAR
);
COMMENT ON TABLE articles IS 'One row per article held (seed corpus included): its extracted text and metadata. Copies of other articles are kept with duplicate_of set.';
COMMENT ON COLUMN articles.id IS 'Surrogate key, referenced by figures.article_id.';
COMMENT ON COLUMN articles.url IS 'URL as it appeared in the feed (or the seed file path for seeds).';
COMMENT ON COLUMN articles.canonical_url IS 'Canonical URL (natural key): tracking parameters, fragments and AMP/mobile variants removed, aggregator links resolved.';
COMMENT ON COLUMN articles.source IS 'sources.name of the feed that led to it ("seed" for the seed corpus).';
COMMENT ON COLUMN articles.publisher IS 'Publisher as extracted from the page (site name), or as given for seeds.';
COMMENT ON COLUMN articles.title IS 'Title extracted from the page, else the feed entry title.';
COMMENT ON COLUMN articles.author IS 'Author extracted from the page, if any.';
COMMENT ON COLUMN articles.published_at IS 'Best publication date: the feed date, else the page date. Figures resolve relative dates against it.';
COMMENT ON COLUMN articles.feed_published_at IS 'Publication date as the feed entry gave it.';
COMMENT ON COLUMN articles.page_published_at IS 'Publication date as trafilatura read it from the page.';
COMMENT ON COLUMN articles.date_flag IS 'Set when the page date is far from the feed date (the page date is then not trusted).';
COMMENT ON COLUMN articles.language IS 'Language of the text: en or es (detected, else the feed''s).';
COMMENT ON COLUMN articles.text IS 'Article body extracted by trafilatura (comments excluded).';
COMMENT ON COLUMN articles.text_sha256 IS 'SHA-256 of the normalised text (exact-duplicate key).';
COMMENT ON COLUMN articles.relevance IS 'Topic relevance score of the full text (0..1).';
COMMENT ON COLUMN articles.is_seed IS 'True for articles of the seed corpus (seeds/corpus/), the baseline for dedup and contradictions.';
COMMENT ON COLUMN articles.duplicate_of IS 'articles.id of the first article of the story this one copies; NULL for originals. Figures of copies are not counted twice.';
COMMENT ON COLUMN articles.story_id IS 'Story id shared by an original, its copies and its versions (early/late versions of one wire story): articles.id of the story''s first article.';
COMMENT ON COLUMN articles.dedup_score IS 'Estimated containment (0..1) of 2-word shingles shared with the closest article of its story, for copies and versions; NULL for originals.';
COMMENT ON COLUMN articles.dedup_method IS 'How a copy was found: exact_text or near_duplicate; NULL for originals and for versions (a near-copy that adds a figure is a version of the story, not a copy: duplicate_of NULL, same story_id).';
COMMENT ON COLUMN articles.fetched_at IS 'When the page was fetched.';
COMMENT ON COLUMN articles.last_checked_at IS 'When the page was last re-fetched to look for revisions (recent articles only).';
COMMENT ON COLUMN articles.content_sha256 IS 'pages.content_sha256 of the page version the text comes from.';
COMMENT ON COLUMN articles.extractor_version IS 'Version of the extraction code that produced text and figures (newstally reprocess replaces older ones).';

CREATE TABLE figures (
    id                BIGINT PRIMARY KEY DEFAULT nextval('figure_id_seq'),
    article_id        BIGINT NOT NULL,
    metric            VARCHAR NOT NULL,
    value             BIGINT NOT NULL,
    qualifier         VARCHAR NOT NULL,
    low               BIGINT,
    high              BIGINT,
    unit              VARCHAR,
    attributed_to     VARCHAR,
    given_by          VARCHAR,
    as_of             DATE,
    period            VARCHAR,
    sentence          VARCHAR NOT NULL,
    span              VARCHAR,
    span_start        INTEGER,
    span_end          INTEGER,
    language          VARCHAR,
    content_sha256    VARCHAR,
    extractor_version VARCHAR NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE figures IS 'One row per count reported by one article version (append-only observations). Views derive the current picture.';
COMMENT ON COLUMN figures.id IS 'Surrogate key, referenced by alerts.new_figure_id / old_figure_id.';
COMMENT ON COLUMN figures.article_id IS 'articles.id of the article that reports it.';
COMMENT ON COLUMN figures.metric IS 'killed, injured, arrested, detained_current (held now), released, minors_detained, disappeared or other.';
COMMENT ON COLUMN figures.value IS 'The number as written ("nearly 200" → 200; "1.800" in Spanish → 1800).';
COMMENT ON COLUMN figures.qualifier IS 'exact, at_least, more_than, about, nearly, up_to or fewer_than.';
COMMENT ON COLUMN figures.low IS 'Lower bound of the interval the qualifier implies.';
COMMENT ON COLUMN figures.high IS 'Upper bound of the interval the qualifier implies; NULL means open-ended ("at least 28").';
COMMENT ON COLUMN figures.unit IS 'What is counted: people, prisoners, protesters, minors …';
COMMENT ON COLUMN figures.attributed_to IS 'Who gave the figure, if the text says (Foro Penal, attorney general''s office, government).';
COMMENT ON COLUMN figures.given_by IS 'attributed_to as one name across languages and wordings ("el Gobierno", "Government numbers", the attorney general → Government; "the legal aid group Foro Penal" → Foro Penal); NULL when no source is named.';
COMMENT ON COLUMN figures.as_of IS 'Date the count refers to, resolved against the article date; NULL if the text gives none.';
COMMENT ON COLUMN figures.period IS 'Period the count covers when the text gives one (ISO interval start/end).';
COMMENT ON COLUMN figures.sentence IS 'The evidence: the sentence the figure was read from.';
COMMENT ON COLUMN figures.span IS 'The number phrase as written, e.g. "at least 28".';
COMMENT ON COLUMN figures.span_start IS 'Character offset of the number phrase in articles.text.';
COMMENT ON COLUMN figures.span_end IS 'Character offset just past the number phrase in articles.text.';
COMMENT ON COLUMN figures.language IS 'Language the figure was read in.';
COMMENT ON COLUMN figures.content_sha256 IS 'pages.content_sha256 of the page version it was read from (a changed page gives new rows: a revision).';
COMMENT ON COLUMN figures.extractor_version IS 'Version of pipeline.figures that produced the row.';
COMMENT ON COLUMN figures.created_at IS 'When the row was loaded.';

CREATE TABLE alerts (
    id             BIGINT PRIMARY KEY DEFAULT nextval('alert_id_seq'),
    kind           VARCHAR NOT NULL,
    metric         VARCHAR NOT NULL,
    new_figure_id  BIGINT NOT NULL,
    old_figure_id  BIGINT NOT NULL,
    rule           VARCHAR,
    message        VARCHAR NOT NULL,
    details        JSON,
    created_at     TIMESTAMPTZ NOT NULL,
    delivered_at   TIMESTAMPTZ,
    delivery_attempts INTEGER NOT NULL DEFAULT 0,
    delivery_error VARCHAR,
    status         VARCHAR NOT NULL DEFAULT 'open',
    status_note    VARCHAR,
    status_at      TIMESTAMPTZ,
    UNIQUE (new_figure_id, old_figure_id)
);
COMMENT ON TABLE alerts IS 'One row per pair of figures that contradict (kind contradiction) or where a source changed its own figure (kind revision). Never raised twice for a pair.';
COMMENT ON COLUMN alerts.id IS 'Surrogate key; newstally alerts ack|dispute ID takes it.';
COMMENT ON COLUMN alerts.kind IS 'contradiction or revision.';
COMMENT ON COLUMN alerts.metric IS 'Metric of both figures.';
COMMENT ON COLUMN alerts.new_figure_id IS 'figures.id of the newer figure.';
COMMENT ON COLUMN alerts.old_figure_id IS 'figures.id of the older figure it conflicts with.';
COMMENT ON COLUMN alerts.rule IS 'The rule that fired, e.g. disjoint_intervals, cumulative_decrease, same_date_stock, self_revision.';
COMMENT ON COLUMN alerts.message IS 'Readable message with both figures, sentences, sources and URLs.';
COMMENT ON COLUMN alerts.details IS 'Both sides as JSON (value, qualifier, interval, sentence, url, source, date), as delivered.';
COMMENT ON COLUMN alerts.created_at IS 'When the alert was raised.';
COMMENT ON COLUMN alerts.delivered_at IS 'When every configured channel accepted it; NULL until then (retried on the next run).';
COMMENT ON COLUMN alerts.delivery_attempts IS 'Delivery attempts so far.';
COMMENT ON COLUMN alerts.delivery_error IS 'Why the last delivery attempt failed (secrets redacted).';
COMMENT ON COLUMN alerts.status IS 'open, acknowledged or disputed (set with newstally alerts ack|dispute ID).';
COMMENT ON COLUMN alerts.status_note IS 'Analyst''s note given with ack or dispute.';
COMMENT ON COLUMN alerts.status_at IS 'When the status was last changed.';

CREATE TABLE alert_deliveries (
    alert_id      BIGINT NOT NULL,
    channel       VARCHAR NOT NULL,
    delivered_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (alert_id, channel)
);
COMMENT ON TABLE alert_deliveries IS 'Which channel took which alert: a retry after a failure on one channel never sends the alert again to a channel that already took it.';
COMMENT ON COLUMN alert_deliveries.alert_id IS 'alerts.id.';
COMMENT ON COLUMN alert_deliveries.channel IS 'The channel, named without its secret: webhook:<hash> or apprise:<scheme>:<hash> (a hash of its URL).';
COMMENT ON COLUMN alert_deliveries.delivered_at IS 'When that channel accepted the alert.';

CREATE TABLE article_signatures (
    article_id  BIGINT PRIMARY KEY,
    scheme      VARCHAR NOT NULL,
    signature   BLOB NOT NULL,
    title_key   VARCHAR,
    n_shingles  INTEGER
);
COMMENT ON TABLE article_signatures IS 'MinHash signature of every article held, so that the near-duplicate index is rebuilt at start without re-hashing texts.';
COMMENT ON COLUMN article_signatures.article_id IS 'articles.id.';
COMMENT ON COLUMN article_signatures.scheme IS 'Hashing scheme of the signature (shingle size, permutations, seed, hash function): signatures of other schemes are recomputed.';
COMMENT ON COLUMN article_signatures.signature IS 'MinHash hash values, little-endian uint64.';
COMMENT ON COLUMN article_signatures.title_key IS 'Normalised title ("Outlet: Title" = "Title"), the second dedup signal.';
COMMENT ON COLUMN article_signatures.n_shingles IS 'Number of distinct word shingles of the text.';
