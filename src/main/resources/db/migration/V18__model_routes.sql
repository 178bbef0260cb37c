-- One model, many routes (issue 29). A job remembers the model it was asked for (video_job.model_id,
-- null: a provider's model asked for directly) and every route it tried (job_route, owned by
-- generation); a route's health is shared by every instance (route_breaker, owned by provider);
-- a team admin narrows a model's route policy for the team (team_route_policy, owned by team).
alter table video_job add column model_id text;

create table job_route (
    job_id       bigint      not null references video_job (id) on delete cascade,
    seq          int         not null constraint job_route_seq check (seq >= 1),
    provider     text        not null,
    model        text        not null,
    -- why this route: 'preferred', 'cheapest', 'pinned', or why the job left the route before
    reason       text        not null,
    -- what the reservation held on this route
    price_micros bigint      not null constraint job_route_price check (price_micros >= 0),
    -- set when the job left the route: why, in a sentence ("Replicate was unavailable")
    left_because text,
    at           timestamptz not null,
    primary key (job_id, seq)
);

create table route_breaker (
    route           text primary key,
    -- consecutive transport errors and 5xx answers to creates
    failures        int         not null default 0,
    -- null: closed; in the future: open; in the past: half open (one job may try)
    open_until      timestamptz,
    last_failure_at timestamptz,
    last_error      text,
    last_success_at timestamptz
);

create table team_route_policy (
    team_id   bigint not null references team (id) on delete cascade,
    model_id  text   not null,
    policy    text   not null constraint team_route_policy_kind check (policy in ('ORDERED', 'CHEAPEST', 'PINNED')),
    -- the one route of a pinned policy, provider/model
    pin       text,
    -- routes the team may not use (data residency, contracts), provider/model
    excluded  text[] not null default '{}',
    updated_at timestamptz not null default now(),
    primary key (team_id, model_id),
    constraint team_route_policy_pin check (policy <> 'PINNED' or pin is not null)
);
create index video_job_model_id on video_job (model_id, created_at) where model_id is not null;
