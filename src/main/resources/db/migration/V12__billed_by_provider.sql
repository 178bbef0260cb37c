-- What a provider reports it billed for a finished job (OpenRouter's usage.cost, ...), next to what
-- the price book said: settlement charges the bill (within the reservation under a hard cap) and
-- the operator's drift report compares the two.
alter table video_job
    add column billed_micros bigint constraint video_job_billed check (billed_micros >= 0);

alter table reservation
    add column price_book_micros bigint,
    add column billed_micros bigint constraint reservation_billed check (billed_micros >= 0);

create index reservation_billed_recent on reservation (settled_at) where billed_micros is not null;
