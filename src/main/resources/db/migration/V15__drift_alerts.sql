-- Billing-drift mails to the operators: one claim per provider and day, so every instance together
-- sends it once (dropped again when sending fails, for the next run to retry).
create table drift_alert (
    provider   text        not null,
    day        date        not null,
    sent_at    timestamptz not null default now(),
    constraint drift_alert_once primary key (provider, day)
);
