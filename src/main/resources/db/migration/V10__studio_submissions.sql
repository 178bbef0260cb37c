-- One rendered composer form makes at most one job: the form carries a one-time token, claimed in
-- the transaction that admits its job; a repeated post (a double click, a resent form) finds the
-- first job instead of reserving again. Kept a day.
create table studio_submission (
    token       text        primary key constraint studio_submission_token check (length(token) between 16 and 64),
    team_id     bigint      not null,
    job_id      bigint      not null,
    created_at  timestamptz not null default now()
);
create index studio_submission_age on studio_submission (created_at);
