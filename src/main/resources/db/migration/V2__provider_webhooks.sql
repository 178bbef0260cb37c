-- Verified provider webhook deliveries, kept for deduplication (providers retry for up to 72 h and
-- may deliver twice) and handed to the pipeline from here, so a crash after the 2xx loses nothing.
create table webhook_event (
    provider        text        not null,
    webhook_id      text        not null,
    event_id        text,
    event_type      text        not null,
    video_id        text,
    payload         text        not null,
    received_at     timestamptz not null default now(),
    -- delivery to listeners: leased by pushing next_attempt_at forward, done when processed_at is set
    next_attempt_at timestamptz not null default now(),
    attempts        int         not null default 0,
    processed_at    timestamptz,
    last_error      text,
    primary key (provider, webhook_id)
);
create index webhook_event_pending on webhook_event (next_attempt_at) where processed_at is null;
create index webhook_event_received on webhook_event (received_at);
