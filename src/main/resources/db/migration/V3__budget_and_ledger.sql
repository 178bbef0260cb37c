-- Money and limits. Amounts are integer micro-dollars. Every write to a team's money happens in a
-- transaction that first takes the team's money lock (a transaction-scoped advisory lock keyed by
-- team id, see MoneyLedger), so admissions, settlements and adjustments of one team serialise, on
-- one instance or many.
--
-- The hot tables written by every admission (reservation, ledger_entry, request_day,
-- request_second) carry no foreign keys: a foreign-key check share-locks the referenced team and
-- user rows, which under concurrent admissions turns into multixact churn on the team row. Their
-- ids are written only by MoneyLedger, from a team row it has just read and a signed-in member.

-- Enterprise teams may carry their own limits instead of their tier's (requests/minute, /day).
alter table team
    add column custom_requests_per_minute int constraint team_custom_rpm check (custom_requests_per_minute between 1 and 100000),
    add column custom_requests_per_day    int constraint team_custom_rpd check (custom_requests_per_day between 1 and 10000000);

create table team_budget (
    team_id             bigint      primary key references team (id),
    amount_micros       bigint      not null
        constraint team_budget_amount check (amount_micros between 0 and 1000000000000000),
    reset_day           int         not null default 1 constraint team_budget_reset_day check (reset_day between 1 and 28),
    cap_mode            text        not null default 'HARD' constraint team_budget_cap_mode check (cap_mode in ('HARD', 'SOFT')),
    soft_allowance_pct  int         not null default 0
        constraint team_budget_allowance check (soft_allowance_pct between 0 and 100),
    member_cap_micros   bigint      constraint team_budget_member_cap check (member_cap_micros between 0 and 1000000000000000),
    alert_thresholds    int[]       not null default '{50,75,90,100}',
    updated_at          timestamptz not null default now()
) with (fillfactor = 80);

-- Per-member caps that differ from the team's default member cap.
create table member_cap (
    team_id     bigint not null references team (id),
    user_id     bigint not null references app_user (id),
    cap_micros  bigint not null constraint member_cap_amount check (cap_micros between 0 and 1000000000000000),
    primary key (team_id, user_id)
);

-- An admitted generation request: its estimated cost is held until it is settled exactly once.
-- counts_at is when it counts against rate limits (now, or the not-before time of a scheduled one).
create table reservation (
    id              bigint generated always as identity primary key,
    team_id         bigint      not null,
    period_start    date        not null,
    member_id       bigint      not null,
    provider        text        not null,
    model           text        not null,
    size            text        not null,
    seconds         int         not null,
    -- the price at admission: settlement charges at this rate even if the price book changed since
    micros_per_second bigint    not null constraint reservation_price check (micros_per_second >= 0),
    amount_micros   bigint      not null constraint reservation_amount check (amount_micros >= 0),
    counts_at       timestamptz not null,
    not_before      timestamptz,
    state           text        not null default 'OPEN' constraint reservation_state check (state in ('OPEN', 'SETTLED')),
    outcome         text,
    charged_micros  bigint,
    created_at      timestamptz not null default now(),
    settled_at      timestamptz
);
create index reservation_rate on reservation (team_id, counts_at);

-- Admitted requests per team and local calendar day (of counts_at, in the team's time zone), kept
-- with the reservations so the daily limit is one row read.
create table request_day (
    team_id   bigint not null,
    day       date   not null,
    requests  int    not null,
    primary key (team_id, day)
) with (fillfactor = 70);

-- Admitted requests per team and second (Unix seconds of counts_at): the per-minute limit's fast
-- path sums at most 61 of these instead of scanning reservations. Rows older than a few minutes are
-- deleted periodically.
create table request_second (
    team_id   bigint not null,
    second    bigint not null,
    requests  int    not null,
    primary key (team_id, second)
) with (fillfactor = 70);

-- Append-only. Effects: RESERVE/RELEASE move "reserved" up/down by amount (> 0); CHARGE/REFUND
-- move "spent" up/down by amount (>= 0); ADJUSTMENT moves "spent" by its signed amount.
create table ledger_entry (
    id              bigint generated always as identity primary key,
    team_id         bigint      not null,
    period_start    date        not null,
    kind            text        not null
        constraint ledger_kind check (kind in ('RESERVE', 'RELEASE', 'CHARGE', 'REFUND', 'ADJUSTMENT')),
    amount_micros   bigint      not null,
    reservation_id  bigint,
    member_id       bigint,
    actor_id        bigint,
    note            text,
    created_at      timestamptz not null default now(),
    constraint ledger_sign check (kind = 'ADJUSTMENT' or amount_micros >= 0)
);
create index ledger_team_period on ledger_entry (team_id, period_start, id);

-- Running totals, maintained in the same transaction as the entries: reading a balance is one row.
create table period_total (
    team_id          bigint not null references team (id),
    period_start     date   not null,
    spent_micros     bigint not null default 0,
    reserved_micros  bigint not null default 0,
    primary key (team_id, period_start)
) with (fillfactor = 70);

create table member_period_total (
    team_id          bigint not null references team (id),
    period_start     date   not null,
    user_id          bigint not null references app_user (id),
    spent_micros     bigint not null default 0,
    reserved_micros  bigint not null default 0,
    primary key (team_id, period_start, user_id)
) with (fillfactor = 70);

-- Alert thresholds crossed by charges: at most one row per team, period and threshold, written in
-- the settling transaction; the alerts feature delivers them.
create table budget_alert (
    id            bigint generated always as identity primary key,
    team_id       bigint      not null references team (id),
    period_start  date        not null,
    threshold_pct int         not null,
    spent_micros  bigint      not null,
    budget_micros bigint      not null,
    created_at    timestamptz not null default now(),
    constraint budget_alert_once unique (team_id, period_start, threshold_pct)
);
