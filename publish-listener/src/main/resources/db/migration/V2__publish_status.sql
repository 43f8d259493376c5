-- The fate of each publish as a CMS sees it (GET /api/v1/courses/{courseId}/publishes[/{publishId}]). One row per
-- publish, whether it came through our intake (written with the publish row) or a CMS wrote course.published directly
-- (written when the status consumer sees the event). Moved forward only by PublishStatusService.
create table publish_status (
    course_id          varchar(255) not null,
    publish_id         varchar(255) not null,
    -- null only for a publish first seen in a DLQ record whose value could not be read
    published_at       timestamptz,
    status             varchar(16)  not null
        check (status in ('accepted', 'rendered', 'live', 'failed', 'superseded')),
    error_code         varchar(64),
    error_message      text,
    block_total        integer,
    block_rendered     integer,
    block_unavailable  integer,
    -- JSON array of {blockId, code, message}: the blocks that could not be prepared offline
    problems           text         not null default '[]',
    received_at        timestamptz  not null,
    updated_at         timestamptz  not null,
    primary key (course_id, publish_id)
);

create index publish_status_course_newest on publish_status (course_id, published_at desc nulls last, received_at desc);
