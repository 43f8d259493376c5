-- Newest publish rendered per course: a publish older than this is ignored.
create table course_render_state (
    course_id           varchar(255)  primary key,
    newest_published_at timestamptz   not null,
    publish_id          varchar(255)  not null,
    manifest_key        varchar(1024) not null,
    rendered_at         timestamptz   not null
);

-- The last rendered version of each block: an unchanged content hash reuses these files instead of rendering again.
create table block_render_state (
    course_id      varchar(255)  not null,
    block_id       varchar(1024) not null,
    content_hash   char(64)      not null,
    files          text          not null, -- JSON list of RenderManifest.File
    missing_assets text          not null, -- JSON list of strings
    primary key (course_id, block_id)
);
