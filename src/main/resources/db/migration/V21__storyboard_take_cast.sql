-- The cast images each take of a storyboard was made with (issue 30), copied from the board's cast when the
-- shot was sent, so a shot keeps saying which references it used after the cast changes. The images stay in the
-- team's inputs while a take names them (storyboard/BoardCast tells the input sweep).
create table storyboard_take_cast (
    job_id        bigint not null references storyboard_take (job_id) on delete cascade,
    seq           int    not null,
    kind          text   not null constraint storyboard_take_cast_kind check (kind in ('ASSET', 'STYLE')),
    label         text   not null,
    object_key    text   not null,
    primary key (job_id, seq)
);
create index storyboard_take_cast_key on storyboard_take_cast (object_key);
