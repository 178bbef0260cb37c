-- People, teams and who belongs where.

create table app_user (
    id               bigint generated always as identity primary key,
    -- identity at the IdP; the issuer may be pinned by reelgate.identity.issuer
    issuer           text        not null,
    subject          text        not null,
    username         text,
    email            text,
    email_verified   boolean     not null default false,
    display_name     text        not null,
    operator         boolean     not null default false,
    created_at       timestamptz not null default now(),
    last_login_at    timestamptz,
    -- SHA-256 of the ID token the profile and groups were last synced from
    synced_token     text,
    constraint app_user_identity unique (issuer, subject)
);
create index app_user_email on app_user (lower(email));

create table team (
    id          bigint generated always as identity primary key,
    slug        text        not null unique
        constraint team_slug_format check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    name        text        not null constraint team_name_length check (length(name) between 1 and 80),
    tier        text        not null
        constraint team_tier check (tier in ('PLUS', 'PRO', 'API_TIER_2', 'API_TIER_3', 'API_TIER_4', 'ENTERPRISE')),
    time_zone   text        not null default 'UTC',
    created_at  timestamptz not null default now(),
    archived_at timestamptz
);

-- One row per team, user and source: IDP rows are owned by the groups-claim sync, APP rows
-- (invitations, seeds, admin changes) are never touched by it. The effective role is the highest.
create table membership (
    team_id    bigint      not null references team (id),
    user_id    bigint      not null references app_user (id),
    source     text        not null constraint membership_source check (source in ('IDP', 'APP')),
    role       text        not null constraint membership_role check (role in ('MEMBER', 'ADMIN')),
    created_at timestamptz not null default now(),
    primary key (team_id, user_id, source)
);
create index membership_user on membership (user_id);
