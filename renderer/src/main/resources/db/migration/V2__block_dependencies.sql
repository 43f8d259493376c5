-- What each block's page looked up when it was last rendered (course files, other pages, external URLs), as a JSON
-- list: the next publish recomputes the block's content hash from these without rendering it.
alter table block_render_state add column dependencies text;
