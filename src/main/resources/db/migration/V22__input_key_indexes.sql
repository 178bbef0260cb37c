-- The input sweep asks, per team and hour, which stored input images a job still refers to: by key,
-- without reading the whole job table.
create index video_job_input_image_key on video_job (input_image_key) where input_image_key is not null;
create index video_job_last_frame_key on video_job (last_frame_key) where last_frame_key is not null;
