-- sync-api schema. Times are timestamptz holding millisecond values (the contract's precision).

-- The newest offline manifest per course (by publishedAt, then generatedAt). manifest_json is the archiver's
-- OfflineManifest with object keys; fileUrls are presigned per request.
CREATE TABLE course_manifest (
    course_id     text PRIMARY KEY,
    publish_id    text        NOT NULL,
    published_at  timestamptz NOT NULL,
    generated_at  timestamptz NOT NULL,
    manifest_key  text        NOT NULL,
    manifest_json text        NOT NULL,
    leaf_count    integer     NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);

-- Every leaf block id ever published for a course (UNKNOWN_CONTENT), with the newest publish that listed it:
-- last_published_at = course_manifest.published_at marks the leaves of the newest manifest (completion).
CREATE TABLE course_block (
    course_id         text        NOT NULL,
    block_id          text        NOT NULL,
    last_published_at timestamptz NOT NULL,
    PRIMARY KEY (course_id, block_id)
);

CREATE TABLE enrollment (
    user_id     text        NOT NULL,
    course_id   text        NOT NULL,
    batch_id    text        NOT NULL,
    enrolled_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, course_id)
);

-- X-Permissions-Last-Modified: bumped (strictly increasing per user) whenever the user's enrollments change.
CREATE TABLE user_permissions (
    user_id    text PRIMARY KEY,
    changed_at timestamptz NOT NULL
);

-- Idempotency of progress events: a replayed eventId hits the primary key (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE progress_event (
    user_id     text        NOT NULL,
    event_id    uuid        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, event_id)
);

-- Merged progress per (user, course, content). stored = the commit-ordered stamp of the last change.
CREATE TABLE progress (
    user_id             text        NOT NULL,
    course_id           text        NOT NULL,
    content_id          text        NOT NULL,
    batch_id            text        NOT NULL,
    status              smallint    NOT NULL,
    progress            smallint    NOT NULL,
    last_access_time    timestamptz,
    last_completed_time timestamptz,
    last_modified       timestamptz,
    stored              timestamptz NOT NULL,
    PRIMARY KEY (user_id, course_id, content_id)
);
CREATE INDEX progress_feed ON progress (user_id, stored, course_id, content_id);

-- The progress clock: one row whose lock every progress-writing transaction holds from taking its stamp until it
-- commits, so stamps are strictly increasing in commit order (see sync-api/README.md, "X-Consistent-Through").
CREATE TABLE progress_clock (
    id         smallint PRIMARY KEY CHECK (id = 1),
    last_stamp timestamptz NOT NULL
);
INSERT INTO progress_clock (id, last_stamp) VALUES (1, '1970-01-01T00:00:00Z');
