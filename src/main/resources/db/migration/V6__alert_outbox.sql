-- Budget alerts become an outbox: rows recorded by the settling transaction are mailed by
-- BudgetAlertMailer with retries. Thresholds recorded by one transaction (one charge) share tx_id
-- and become one mail naming the highest.
alter table budget_alert
    add column tx_id            bigint      not null default txid_current(),
    add column delivered_at     timestamptz,
    add column attempts         int         not null default 0,
    add column next_attempt_at  timestamptz not null default now(),
    add column last_error       text,
    add column recipients       text;
create index budget_alert_pending on budget_alert (next_attempt_at) where delivered_at is null;
