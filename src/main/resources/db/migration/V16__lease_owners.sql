-- Leases that follow their holder (lease/Leases): every leased row names the instance holding it and
-- until when, so a renewal extends only its own leases and a final write can check it still holds the
-- row. The outboxes used to lease by pushing next_attempt_at forward, with no holder.
alter table webhook_delivery add column lease_owner text;

alter table webhook_event
    add column id          bigint generated always as identity,
    add column lease_owner text,
    add column lease_until timestamptz;
create unique index webhook_event_id on webhook_event (id);

alter table budget_alert
    add column lease_owner text,
    add column lease_until timestamptz;

alter table storyboard add column stitch_lease_owner text;
