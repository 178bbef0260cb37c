-- Generation jobs: the durable queue and the state machine of SPEC §3.4.
--   ADMITTED -> SUBMITTING -> SUBMITTED -> INGESTING -> COMPLETED
--   any non-terminal state -> FAILED | CANCELED (where allowed)

create table video_job (
    id                   bigint generated always as identity primary key,
    team_id              bigint      not null references team (id),
    member_id            bigint      not null references app_user (id),
    reservation_id       bigint      not null unique,
    provider             text        not null,
    model                text        not null,
    size                 text        not null,
    seconds              int         not null,
    prompt               text        not null,
    input_image_key      text,
    input_image_type     text,
    remix_of_job_id      bigint      references video_job (id),
    batch                boolean     not null default false,
    not_before           timestamptz,
    -- queue priority rank of the team's tier at admission (0 dedicated, 1 priority, 2 standard)
    priority             int         not null,
    state                text        not null default 'ADMITTED'
        constraint video_job_state check (state in ('ADMITTED', 'SUBMITTING', 'SUBMITTED', 'INGESTING',
                                                    'COMPLETED', 'FAILED', 'CANCELED')),
    provider_video_id    text,
    provider_status      text,
    progress             int         not null default 0,
    -- what was sent, to find a create that may have reached the provider (prompt hash, model, size, seconds)
    fingerprint          text        not null,
    submit_attempted_at  timestamptz,
    attempts             int         not null default 0,
    next_attempt_at      timestamptz not null default now(),
    lease_owner          text,
    lease_until          timestamptz,
    cancel_requested     boolean     not null default false,
    polls                int         not null default 0,
    -- the latest provider event for the job (video.completed / video.failed), for the worker to act on
    signal               text,
    last_signal_at       timestamptz,
    error_code           text,
    error_message        text,
    actual_seconds       int,
    charged_micros       bigint,
    created_at           timestamptz not null default now(),
    submitted_at         timestamptz,
    generated_at         timestamptz,
    finished_at          timestamptz,
    deleted_at           timestamptz,
    constraint video_job_provider_video unique (provider, provider_video_id)
);
-- the queue: what is due, by state
create index video_job_due on video_job (state, next_attempt_at)
    where state in ('ADMITTED', 'SUBMITTING', 'SUBMITTED', 'INGESTING');
create index video_job_team_created on video_job (team_id, created_at desc, id desc);

-- Every state change, with its time: a job's history is visible to its team.
create table video_job_transition (
    id          bigint generated always as identity primary key,
    job_id      bigint      not null references video_job (id),
    from_state  text,
    to_state    text        not null,
    detail      text,
    at          timestamptz not null default now()
);
create index video_job_transition_job on video_job_transition (job_id, id);

-- The stored copies of a job's video, thumbnail and spritesheet.
create table video_asset (
    job_id        bigint      not null references video_job (id),
    variant       text        not null constraint video_asset_variant check (variant in ('VIDEO', 'THUMBNAIL', 'SPRITESHEET')),
    object_key    text        not null,
    content_type  text        not null,
    size_bytes    bigint      not null,
    sha256        text        not null,
    stored_at     timestamptz not null default now(),
    primary key (job_id, variant)
);

-- When each team was last served, for round-robin fairness between teams.
create table team_dispatch (
    team_id             bigint primary key references team (id),
    last_dispatched_at  timestamptz not null
);

-- The organisation's own upstream limit per provider key, shared by all instances: a token
-- bucket refilled at the configured requests per minute, emptied and paused by a provider 429.
create table upstream_bucket (
    provider       text primary key,
    tokens         double precision not null,
    refilled_at    timestamptz      not null,
    paused_until   timestamptz
);
