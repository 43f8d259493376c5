-- Why a block could not be prepared offline (JSON {"code","message"}), kept while its content hash is unchanged so a
-- republish lists the same problem without rendering it again; null when the block rendered.
alter table block_render_state add column problem text;
