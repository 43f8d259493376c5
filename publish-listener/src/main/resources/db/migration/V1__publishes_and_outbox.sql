-- One row per accepted publish. (course_id, published_at) is the idempotency key of the CMS signal.
create table publish (
    publish_id     varchar(64)  primary key,
    course_id      varchar(255) not null,
    published_at   timestamptz  not null,
    source_key     varchar(1024) not null,
    source_sha256  char(64)     not null,
    source_size    bigint       not null,
    source_url     text,
    received_at    timestamptz  not null,
    constraint publish_course_published_at_key unique (course_id, published_at)
);

create index publish_course_newest on publish (course_id, published_at desc);

-- Transactional outbox: written in the same transaction as the publish row; the relay sends rows in seq order and
-- sets sent_at only after the broker acknowledged them.
create table outbox_event (
    id            uuid         primary key,
    seq           bigint       generated always as identity unique,
    topic         varchar(255) not null,
    message_key   varchar(255) not null,
    ce_type       varchar(255) not null,
    ce_time       timestamptz  not null,
    payload       text         not null,
    created_at    timestamptz  not null,
    sent_at       timestamptz,
    attempts      integer      not null default 0,
    last_error    text
);

create index outbox_event_pending on outbox_event (seq) where sent_at is null;
