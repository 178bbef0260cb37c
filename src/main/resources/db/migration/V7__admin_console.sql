-- The admin console and operator view: audit trail, invitations, alert recipients and mail
-- preferences, per-team model allow-lists, budget-exhausted alerts, weekly digests, and the daily
-- spend rollup the usage dashboard reads.

-- Every change an operator or team admin makes (budgets, tiers, roles, caps, ...): who, when, what,
-- the value before and after. Append-only; team_id is null for changes that concern no one team.
create table audit_event (
    id          bigint generated always as identity primary key,
    team_id     bigint      references team (id),
    actor_id    bigint      references app_user (id),
    action      text        not null,
    subject     text,
    old_value   text,
    new_value   text,
    created_at  timestamptz not null default now()
);
create index audit_event_team on audit_event (team_id, id desc);

-- Invitations by email. The token is shown once (in the mail); only its SHA-256 is kept. Resending
-- replaces the token, so an older mail's link stops working.
create table invitation (
    id                bigint generated always as identity primary key,
    team_id           bigint      not null references team (id),
    email             text        not null constraint invitation_email check (email ~ '^[^@\s]+@[^@\s]+$'),
    role              text        not null constraint invitation_role check (role in ('MEMBER', 'ADMIN')),
    -- false: only a user whose verified email is this address may accept
    anyone_with_link  boolean     not null default false,
    token_hash        text        not null unique,
    invited_by        bigint      references app_user (id),
    created_at        timestamptz not null default now(),
    expires_at        timestamptz not null,
    sent_at           timestamptz,
    send_count        int         not null default 0,
    accepted_at       timestamptz,
    accepted_by       bigint      references app_user (id),
    revoked_at        timestamptz
);
create index invitation_team on invitation (team_id, created_at desc);

-- Who gets the team's spending alerts: these members, or (none listed) every team admin.
create table alert_recipient (
    team_id  bigint not null references team (id),
    user_id  bigint not null references app_user (id),
    primary key (team_id, user_id)
);

-- Mail preferences. Threshold alerts below 100 % are optional; 100 % and budget-exhausted mails
-- always go out. The weekly digest is opt-in.
alter table app_user
    add column mail_threshold_alerts boolean not null default true,
    add column mail_weekly_digest    boolean not null default false;

-- Which provider/model pairs ("openai/sora-2") the team may use; null: every model in the catalog.
alter table team
    add column allowed_models text[];

-- Budget-exhausted alerts share the outbox: one per team and period, recorded by the admission
-- that the hard cap refused first.
alter table budget_alert
    add column kind text not null default 'THRESHOLD' constraint budget_alert_kind check (kind in ('THRESHOLD', 'EXHAUSTED')),
    drop constraint budget_alert_once,
    add constraint budget_alert_once unique (team_id, period_start, kind, threshold_pct);

-- One weekly digest per user, team and week (Monday in the team's time zone).
create table digest_sent (
    team_id     bigint      not null references team (id),
    user_id     bigint      not null references app_user (id),
    week_start  date        not null,
    sent_at     timestamptz,
    primary key (team_id, user_id, week_start)
);

-- Spend per team, period, local day, member and model, kept by a trigger on every ledger entry
-- that moves "spent" (CHARGE +, REFUND -, ADJUSTMENT signed), in the same transaction. The
-- dashboard reads at most days x members x models rows instead of the period's ledger.
-- member_id 0 and model '' stand for "none" (adjustments).
create table spend_day (
    team_id       bigint not null,
    period_start  date   not null,
    day           date   not null,
    member_id     bigint not null,
    model         text   not null,
    spent_micros  bigint not null default 0,
    charges       int    not null default 0,
    primary key (team_id, period_start, day, member_id, model)
) with (fillfactor = 70);

create function spend_day_roll() returns trigger language plpgsql as $$
declare
    delta bigint;
    local_day date;
    job_model text;
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
    end if;
    insert into spend_day (team_id, period_start, day, member_id, model, spent_micros, charges)
    values (new.team_id, new.period_start, local_day, coalesce(new.member_id, 0), coalesce(job_model, ''), delta,
            case when new.kind = 'CHARGE' then 1 else 0 end)
    on conflict (team_id, period_start, day, member_id, model) do update
        set spent_micros = spend_day.spent_micros + excluded.spent_micros,
            charges = spend_day.charges + excluded.charges;
    return null;
end $$;

create trigger ledger_entry_spend_day after insert on ledger_entry
    for each row when (new.kind in ('CHARGE', 'REFUND', 'ADJUSTMENT')) execute function spend_day_roll();

-- Entries written before this migration.
insert into spend_day (team_id, period_start, day, member_id, model, spent_micros, charges)
select e.team_id, e.period_start, (e.created_at at time zone t.time_zone)::date, coalesce(e.member_id, 0),
       coalesce(r.model, ''),
       sum(case when e.kind = 'REFUND' then -e.amount_micros else e.amount_micros end),
       count(*) filter (where e.kind = 'CHARGE')
from ledger_entry e
join team t on t.id = e.team_id
left join reservation r on r.id = e.reservation_id
where e.kind in ('CHARGE', 'REFUND', 'ADJUSTMENT')
group by 1, 2, 3, 4, 5;

-- Outcomes by error code for the dashboard: an index-only scan over the period's finished jobs.
create index video_job_team_finished on video_job (team_id, finished_at) include (state, error_code)
    where finished_at is not null;
