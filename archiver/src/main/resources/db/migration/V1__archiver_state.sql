-- The live offline manifest of each course (the newest archived publish) and its block archives: the archiver's
-- memory of what clients may hold, so unchanged blocks keep sha256 and lastModified across publishes.
create table live_course (
    course_id            varchar(300) primary key,
    publish_id           varchar(200) not null,
    published_at         timestamptz  not null,
    generated_at         timestamptz  not null,
    manifest_key         varchar(1024) not null,
    course_object_key    varchar(1024) not null,
    course_sha256        char(64)     not null,
    course_size          bigint       not null,
    course_last_modified timestamptz  not null,
    updated_at           timestamptz  not null
);

create table live_block (
    id            bigserial primary key,
    course_id     varchar(300)  not null references live_course (course_id) on delete cascade,
    block_id      varchar(600)  not null,
    -- hash of the block's rendered files (paths, sizes, sha256) and the zip format: equal input ⇒ the same zip
    input_hash    char(64)      not null,
    object_key    varchar(1024) not null,
    file_size     bigint        not null,
    sha256        char(64)      not null,
    last_modified timestamptz   not null,
    constraint live_block_course_block unique (course_id, block_id)
);

-- Every publish made live: redeliveries of its course.rendered are recognised here.
create table archived_publish (
    publish_id   varchar(200) primary key,
    course_id    varchar(300) not null,
    published_at timestamptz  not null,
    generated_at timestamptz  not null,
    manifest_key varchar(1024) not null,
    block_count  integer      not null,
    -- set once course.archived was acknowledged by Kafka; null ⇒ announce again on redelivery
    announced_at timestamptz
);
create index archived_publish_course on archived_publish (course_id, published_at);
