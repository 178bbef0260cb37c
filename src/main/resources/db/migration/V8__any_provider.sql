-- Providers other than Sora: videos delivered by a result URL that expires, a request that chooses
-- sound, posters and spritesheets Reelgate makes when the provider does not deliver them (the
-- DERIVING step), and the facts of each stored video read from the file.

alter table video_job
    -- the request asked for sound (models where the request chooses; priced at admission)
    add column with_audio          boolean     not null default false,
    -- what the video should not show, for providers that take a negative prompt
    add column negative_prompt     text,
    -- where the provider's finished video can be fetched, for providers that deliver by URL
    add column result_url          text,
    -- until when the provider's copy can be fetched, when the provider says (or its result URL expires)
    add column content_expires_at  timestamptz,
    drop constraint video_job_state,
    add constraint video_job_state check (state in ('ADMITTED', 'SUBMITTING', 'SUBMITTED', 'INGESTING',
                                                    'DERIVING', 'COMPLETED', 'FAILED', 'CANCELED'));

drop index video_job_due;
create index video_job_due on video_job (state, next_attempt_at)
    where state in ('ADMITTED', 'SUBMITTING', 'SUBMITTED', 'INGESTING', 'DERIVING');

alter table video_asset
    -- PROVIDER: copied from the provider; DERIVED: made by Reelgate from the stored video
    add column origin       text    not null default 'PROVIDER'
        constraint video_asset_origin check (origin in ('PROVIDER', 'DERIVED')),
    -- read from the stored file (the VIDEO row), or the image's pixel size (posters, spritesheets)
    add column duration_ms  bigint,
    add column width        int,
    add column height       int,
    add column codec        text,
    add column has_audio    boolean;
