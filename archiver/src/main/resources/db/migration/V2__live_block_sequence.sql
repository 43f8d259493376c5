-- ids from a sequence with an allocation of 50 (instead of identity) so Hibernate batches the inserts of a course
create sequence live_block_seq increment by 50;
alter table live_block alter column id drop default;
