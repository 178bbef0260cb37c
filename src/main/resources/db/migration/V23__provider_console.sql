-- Providers added in the operator console (/ops/providers), live on every instance without a restart.
-- Providers from application.properties or the environment are not stored here; they stay read-only
-- in the console. A row is the provider's settings as configuration properties (so an export is
-- exactly what a file would say), with its secrets sealed (AES-256-GCM, provider/SecretBox).
create table console_provider (
    name        text        primary key,
    properties  text        not null,                 -- JSON object: property name → value, without secrets
    secrets     text        not null default '{}',    -- JSON object: property name → sealed value
    secret_hints text       not null default '{}',    -- JSON object: property name → "…abcd"
    enabled     boolean     not null,
    created_by  bigint      not null,
    created_at  timestamptz not null,
    updated_by  bigint      not null,
    updated_at  timestamptz not null
);

-- Prices as dated versions: a model's USD per second at one resolution (or size) from a chosen time,
-- for any provider (from configuration or the console). The newest version in effect at admission
-- prices the request; the reservation and its RESERVE entry name it. Never updated or deleted.
create table price_version (
    id                  bigint generated always as identity primary key,
    provider            text        not null,
    model               text        not null,
    price_key           text        not null,         -- a resolution (720p) or size (1280x720)
    micros_per_second   bigint      not null constraint price_version_price check (micros_per_second >= 0),
    micros_per_second_with_audio bigint constraint price_version_audio check (micros_per_second_with_audio >= 0),
    effective_from      timestamptz not null,
    note                text,
    created_by          bigint      not null,
    created_at          timestamptz not null
);
create index price_version_model on price_version (provider, model, effective_from);

-- One counter every change above bumps; each instance polls it and reloads when it moved.
create table provider_revision (
    id          int         primary key constraint provider_revision_one check (id = 1),
    revision    bigint      not null
);
insert into provider_revision (id, revision) values (1, 0);

alter table reservation add column price_version_id bigint;
alter table ledger_entry add column price_version_id bigint;
