-- Problem answers given offline (POST /api/v1/submissions). Immutable: one row per eventId, whoever sent it (a replay,
-- also of another learner's id, hits the primary key: INSERT ... ON CONFLICT DO NOTHING). stored = the feed clock's
-- commit-ordered stamp (progress_clock), as for progress.
CREATE TABLE submission (
    event_id     uuid        PRIMARY KEY,
    user_id      text        NOT NULL,
    course_id    text        NOT NULL,
    content_id   text        NOT NULL,
    answers      jsonb       NOT NULL,
    submitted_at timestamptz NOT NULL,
    stored       timestamptz NOT NULL
);
CREATE INDEX submission_feed ON submission (user_id, stored, course_id, event_id);

-- Transactional outbox (common/outbox OutboxRelay, the same table as publish-listener's): the problem.submitted event
-- of each applied submission is written in the submission's statement; the relay sends rows in seq order and sets
-- sent_at only after the broker acknowledged them.
CREATE TABLE outbox_event (
    id          uuid         PRIMARY KEY,
    seq         bigint       GENERATED ALWAYS AS IDENTITY UNIQUE,
    topic       varchar(255) NOT NULL,
    message_key varchar(255) NOT NULL,
    ce_type     varchar(255) NOT NULL,
    ce_time     timestamptz  NOT NULL,
    payload     text         NOT NULL,
    created_at  timestamptz  NOT NULL,
    sent_at     timestamptz,
    attempts    integer      NOT NULL DEFAULT 0,
    last_error  text
);
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE sent_at IS NULL;
