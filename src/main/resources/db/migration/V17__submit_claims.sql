-- One claim-once table for every way of submitting a video (issue 33): a rendered studio form's
-- one-time token (V10 studio_submission) and an API key's Idempotency-Key (V9 api_idempotency) were
-- the same mechanism twice. A claim is inserted on conflict do nothing in the transaction that admits
-- its job, so a concurrent repeat waits for that insert and then reads the job; a refusal rolls the
-- claim back. Owned by generation (GenerationService.submit, SubmitClaims).
create table submit_claim (
    kind          text        not null constraint submit_claim_kind check (kind in ('FORM', 'IDEMPOTENCY_KEY')),
    -- whose key space the claim lives in: the team for a form token, the API key for an Idempotency-Key
    scope_id      bigint      not null,
    claim_key     text        not null constraint submit_claim_key check (length(claim_key) between 1 and 255),
    team_id       bigint      not null,
    -- the fingerprint of the request (an Idempotency-Key reused for another request is a conflict);
    -- null: any repeat is the same request (a form token)
    request_hash  text,
    -- null only until the admitting transaction attaches its job (nobody else ever sees that)
    job_id        bigint      references video_job (id),
    created_at    timestamptz not null default now(),
    -- a form token is kept a day, an Idempotency-Key for reelgate.api.idempotency-ttl
    expires_at    timestamptz not null,
    primary key (kind, scope_id, claim_key)
);
create index submit_claim_expiry on submit_claim (expires_at);

-- Existing claims move over with what each stored; those whose job no longer exists had nothing to
-- answer with. Idempotency-Keys get the default TTL (24 hours) from their creation.
insert into submit_claim (kind, scope_id, claim_key, team_id, request_hash, job_id, created_at, expires_at)
select 'FORM', s.team_id, s.token, s.team_id, null, s.job_id, s.created_at, s.created_at + interval '1 day'
from studio_submission s
where exists (select 1 from video_job j where j.id = s.job_id);

insert into submit_claim (kind, scope_id, claim_key, team_id, request_hash, job_id, created_at, expires_at)
select 'IDEMPOTENCY_KEY', i.api_key_id, i.idem_key, k.team_id, i.request_hash, i.job_id, i.created_at,
       i.created_at + interval '24 hours'
from api_idempotency i
join api_key k on k.id = i.api_key_id
where i.job_id is not null;

drop table studio_submission;
drop table api_idempotency;
