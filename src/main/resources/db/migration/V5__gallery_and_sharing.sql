-- Gallery: prompt search, favourites; sharing: public links to one video.

-- Full-text search over prompts ('english': stemming, so "dogs" finds "dog").
alter table video_job add column search tsvector
    generated always as (to_tsvector('english', prompt)) stored;
create index video_job_search on video_job using gin (search);

-- The gallery lists finished videos newest first, keyset on (finished_at, id).
create index video_job_gallery on video_job (team_id, finished_at desc, id desc)
    where deleted_at is null and state in ('COMPLETED', 'FAILED');

-- A member's starred videos (personal: each member has their own favourites).
create table video_favourite (
    user_id     bigint      not null references app_user (id),
    job_id      bigint      not null references video_job (id),
    created_at  timestamptz not null default now(),
    primary key (user_id, job_id)
);
create index video_favourite_job on video_favourite (job_id);

-- Share links. The token is shown once; only its SHA-256 is kept.
create table share_link (
    id                 bigint generated always as identity primary key,
    job_id             bigint      not null references video_job (id),
    team_id            bigint      not null references team (id),
    token_hash         bytea       not null unique,
    -- the first characters of the token, so owners can tell links apart
    token_hint         text        not null,
    created_by         bigint      not null references app_user (id),
    created_at         timestamptz not null default now(),
    -- null: never expires
    expires_at         timestamptz,
    -- PBKDF2 (see ShareSecrets); null: no password
    password_hash      text,
    -- null: unlimited
    max_views          int         constraint share_link_max_views check (max_views is null or max_views > 0),
    views              int         not null default 0,
    allow_download     boolean     not null default false,
    show_prompt        boolean     not null default true,
    first_view_at      timestamptz,
    last_view_at       timestamptz,
    revoked_at         timestamptz,
    -- wrong passwords in the current window, for rate limiting
    password_failures  int         not null default 0,
    failure_window_at  timestamptz
);
create index share_link_job on share_link (job_id, created_at desc);

-- Secrets the instances share (signing view tickets), created once by whichever instance starts first.
create table app_secret (
    name        text primary key,
    value       bytea       not null,
    created_at  timestamptz not null default now()
);
