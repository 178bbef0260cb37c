-- The Reelgate Videos API (/v1/videos): team API keys, idempotent creates, and signed outgoing
-- webhooks from a durable outbox.

-- A member's key for one team. The secret (rg_…) is shown once; only its SHA-256 is kept.
create table api_key (
    id            bigint generated always as identity primary key,
    team_id       bigint      not null references team (id),
    user_id       bigint      not null references app_user (id),
    name          text        not null constraint api_key_name check (length(name) between 1 and 80),
    secret_hash   bytea       not null unique,
    -- the first and last characters of the secret, so people can tell keys apart
    hint          text        not null,
    created_at    timestamptz not null default now(),
    -- null: never expires
    expires_at    timestamptz,
    revoked_at    timestamptz,
    revoked_by    bigint      references app_user (id),
    last_used_at  timestamptz,
    last_used_ip  text
);
create index api_key_team on api_key (team_id, created_at desc);

-- An operator can switch every key of a team off (and on again).
alter table team add column api_keys_disabled boolean not null default false;

-- Videos made through the API remember the key (the UI marks them "via API · key name"). No
-- foreign key: video_job is a hot table and its inserts take no locks on other rows (V3, V4).
alter table video_job add column api_key_id bigint;
create index video_job_api_key on video_job (api_key_id) where api_key_id is not null;

-- Idempotency-Key of creates and remixes: the same key with the same request returns the same
-- video; kept 24 hours. The row is written in the transaction that admits the request, so
-- concurrent retries wait for it and then see the video.
create table api_idempotency (
    api_key_id    bigint      not null references api_key (id),
    idem_key      text        not null constraint api_idempotency_key check (length(idem_key) between 1 and 255),
    request_hash  text        not null,
    job_id        bigint      references video_job (id),
    created_at    timestamptz not null default now(),
    primary key (api_key_id, idem_key)
);
create index api_idempotency_age on api_idempotency (created_at);

-- Where a team wants its video events, and the secrets deliveries are signed with (whsec_…,
-- shown once). During a rotation the previous secret signs too until previous_until.
create table webhook_endpoint (
    id                bigint generated always as identity primary key,
    team_id           bigint      not null references team (id),
    url               text        not null,
    events            text[]      not null,
    enabled           boolean     not null default true,
    secret            text        not null,
    previous_secret   text,
    previous_until    timestamptz,
    created_by        bigint      references app_user (id),
    created_at        timestamptz not null default now()
);
create index webhook_endpoint_team on webhook_endpoint (team_id);

-- The outbox: one row per event and endpoint, written in the transaction that finished the job;
-- delivered with retries and backoff for a day, claimed with a lease so instances never send one twice.
create table webhook_delivery (
    id                bigint generated always as identity primary key,
    endpoint_id       bigint      not null references webhook_endpoint (id),
    team_id           bigint      not null references team (id),
    event_id          text        not null,
    type              text        not null,
    payload           text        not null,
    state             text        not null default 'PENDING'
        constraint webhook_delivery_state check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts          int         not null default 0,
    next_attempt_at   timestamptz not null default now(),
    lease_until       timestamptz,
    last_status       int,
    last_error        text,
    created_at        timestamptz not null default now(),
    delivered_at      timestamptz,
    constraint webhook_delivery_once unique (endpoint_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'PENDING';
create index webhook_delivery_endpoint on webhook_delivery (endpoint_id, id desc);

-- Spend per API key on the usage dashboard, from the same daily rollup as spend per member and
-- model (0: made in the studio, or an adjustment), so the dashboard never scans the ledger.
alter table spend_day add column api_key_id bigint not null default 0;
alter table spend_day drop constraint spend_day_pkey;
alter table spend_day add primary key (team_id, period_start, day, member_id, model, api_key_id);

create or replace function spend_day_roll() returns trigger language plpgsql as $$
declare
    delta bigint;
    local_day date;
    job_model text;
    job_key bigint;
begin
    if new.kind = 'CHARGE' then
        delta := new.amount_micros;
    elsif new.kind = 'REFUND' then
        delta := -new.amount_micros;
    elsif new.kind = 'ADJUSTMENT' then
        delta := new.amount_micros;
    else
        return null;
    end if;
    select (new.created_at at time zone t.time_zone)::date into local_day from team t where t.id = new.team_id;
    if new.reservation_id is not null then
        select r.model into job_model from reservation r where r.id = new.reservation_id;
        select j.api_key_id into job_key from video_job j where j.reservation_id = new.reservation_id;
    end if;
    insert into spend_day (team_id, period_start, day, member_id, model, api_key_id, spent_micros, charges)
    values (new.team_id, new.period_start, local_day, coalesce(new.member_id, 0), coalesce(job_model, ''),
            coalesce(job_key, 0), delta, case when new.kind = 'CHARGE' then 1 else 0 end)
    on conflict (team_id, period_start, day, member_id, model, api_key_id) do update
        set spent_micros = spend_day.spent_micros + excluded.spent_micros,
            charges = spend_day.charges + excluded.charges;
    return null;
end $$;
