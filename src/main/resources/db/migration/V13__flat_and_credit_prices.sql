-- A model may be sold at a flat price per video instead of per second (resellers of OpenAI-shaped
-- endpoints). Such a reservation keeps micros_per_second at 0 and its flat price here; settlement
-- of a completed video charges micros_per_video whatever its length. Null: priced per second, as
-- before. Credit-priced models are converted to micro-dollars per second or per video at start-up,
-- so they are stored like dollar-priced ones.
alter table reservation
    add column micros_per_video bigint constraint reservation_video_price check (micros_per_video >= 0),
    add constraint reservation_one_price check (micros_per_video is null or micros_per_second = 0);
