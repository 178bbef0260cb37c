-- A catalog an operator applied from the provider's own models endpoint (OpenRouter's
-- GET /videos/models): every instance uses it instead of the configured catalog of that provider
-- until it is reverted (the row deleted). models: JSON, one object per model with its resolutions,
-- aspect ratios, seconds, audio and USD per second by resolution (exact decimal strings).
-- Reservations keep the price per second they were admitted at, so applying never reprices them.
create table catalog_update (
    provider   text primary key,
    models     text not null,
    fetched_at timestamptz not null,
    applied_by bigint not null references app_user (id),
    applied_at timestamptz not null default now()
);
