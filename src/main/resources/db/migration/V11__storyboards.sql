-- Storyboards: a sequence of shots generated in order (each continuing from the previous shot's last
-- frame), budgeted as a whole and stitched into one video with a chapter per shot.

-- Money held for a shot before its job exists: a hold is a reservation that does not count against
-- rate limits (the shot counts when it is submitted, as its own reservation).
alter table reservation add column hold boolean not null default false;

create table storyboard (
    id              bigint generated always as identity primary key,
    team_id         bigint      not null references team (id),
    created_by      bigint      not null references app_user (id),
    title           text        not null constraint storyboard_title check (length(title) between 1 and 120),
    -- appended to every shot's prompt: characters, look, palette
    keep_text       text        not null default '',
    -- every shot has this size (continuing needs the previous frame at the same size)
    size            text        not null,
    -- EDITING: shots can change; RUNNING: shots are generated in order; PAUSED: a shot failed and
    -- waits for retry, edit or stop; STITCHING: every shot is done and they are being joined; DONE.
    state           text        not null default 'EDITING'
        constraint storyboard_state check (state in ('EDITING', 'RUNNING', 'PAUSED', 'STITCHING', 'DONE')),
    paused_shot_id  bigint,
    pause_reason    text,
    -- the number of the current cut: stitching writes under it, so a retried stitch overwrites its own files
    cut             int         not null default 0,
    stitch_lease_until timestamptz,
    stitch_attempts int         not null default 0,
    stitch_error    text,
    -- the stitched video of the latest cut
    video_job_id    bigint      references video_job (id),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index storyboard_team on storyboard (team_id, updated_at desc, id desc);
create index storyboard_active on storyboard (state) where state in ('RUNNING', 'STITCHING');

create table storyboard_shot (
    id                  bigint generated always as identity primary key,
    storyboard_id       bigint  not null references storyboard (id) on delete cascade,
    position            int     not null,
    prompt              text    not null,
    provider            text    not null,
    model               text    not null,
    seconds             int     not null constraint storyboard_shot_seconds check (seconds between 1 and 600),
    -- CONTINUE: the previous shot's last frame is the first frame; FRESH; IMAGE: an uploaded first frame
    start               text    not null default 'CONTINUE'
        constraint storyboard_shot_start check (start in ('CONTINUE', 'FRESH', 'IMAGE')),
    image_key           text,
    image_type          text,
    -- the model the pending take is generated with (the shot's model, or the draft model)
    take_model          text,
    -- the hold of the pending take, until its job is admitted
    hold_reservation_id bigint  unique,
    -- the current take
    job_id              bigint  references video_job (id),
    constraint storyboard_shot_order unique (storyboard_id, position) deferrable initially deferred
);

-- Every take ever made of a shot (the shot's job_id is only its current one), for the board's charges
-- and the ledger.
create table storyboard_take (
    job_id         bigint primary key references video_job (id),
    storyboard_id  bigint not null references storyboard (id) on delete cascade,
    shot_id        bigint not null
);
create index storyboard_take_board on storyboard_take (storyboard_id);

-- Every hold ever made for a storyboard, so the ledger can say what a hold was for.
create table storyboard_hold (
    reservation_id  bigint primary key,
    storyboard_id   bigint not null references storyboard (id) on delete cascade,
    shot_id         bigint not null
);

-- A shot's job names its storyboard; so does a stitched video, which has no reservation of its own
-- (its shots were charged).
alter table video_job add column storyboard_id bigint references storyboard (id);
alter table video_job alter column reservation_id drop not null;
create index video_job_storyboard on video_job (storyboard_id) where storyboard_id is not null;

-- The chapters of a stitched video: one per shot, with the shot's job (and so its cost).
create table video_chapter (
    job_id         bigint not null references video_job (id),
    position       int    not null,
    title          text   not null,
    start_ms       bigint not null,
    end_ms         bigint not null,
    source_job_id  bigint not null references video_job (id),
    primary key (job_id, position)
);
