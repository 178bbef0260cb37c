-- Creative control (issue 30): a job may end on a given image, carry reference images that keep a
-- subject or a style, or extend a finished video of the team; a storyboard holds a cast of
-- reference images applied to every shot whose model takes them.

alter table video_job
    add column last_frame_key  text,
    add column last_frame_type text,
    -- the finished job of the same team whose video this one continues (same provider and model)
    add column extends_job_id  bigint references video_job (id);
create index video_job_extends on video_job (extends_job_id) where extends_job_id is not null;

-- A job's reference images, in the order they were given (stored under the team's inputs/).
create table job_reference (
    job_id       bigint not null references video_job (id) on delete cascade,
    seq          int    not null,
    kind         text   not null constraint job_reference_kind check (kind in ('ASSET', 'STYLE')),
    object_key   text   not null,
    content_type text   not null,
    primary key (job_id, seq)
);
create index job_reference_key on job_reference (object_key);

-- A storyboard's cast: up to three reference images applied to every shot whose model takes them.
create table storyboard_cast (
    storyboard_id bigint not null references storyboard (id) on delete cascade,
    seq           int    not null constraint storyboard_cast_seq check (seq between 1 and 3),
    kind          text   not null constraint storyboard_cast_kind check (kind in ('ASSET', 'STYLE')),
    label         text   not null default '' constraint storyboard_cast_label check (length(label) <= 60),
    object_key    text   not null,
    content_type  text   not null,
    primary key (storyboard_id, seq)
);
create index storyboard_cast_key on storyboard_cast (object_key);
