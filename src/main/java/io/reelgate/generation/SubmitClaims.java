package io.reelgate.generation;

import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.web.SqlRow;

/**
 * The one claim-once table ({@code submit_claim}, V17) behind studio form tokens and API
 * Idempotency-Keys. A claim is inserted {@code on conflict do nothing} in the admitting transaction:
 * a concurrent repeat blocks on that insert until the first commits, then reads its job (or, when the
 * first rolled back, claims anew). Expired claims are forgotten: on the next claim of the same key and
 * hourly.
 */
@ApplicationScoped
class SubmitClaims {

    /** What an earlier submission with the same claim made, and whether it asked for the same. */
    record Earlier(long jobId, boolean sameRequest) {
    }

    private final EntityManager em;

    SubmitClaims(EntityManager em) {
        this.em = em;
    }

    /** Empty when the claim is new (the caller submits and then {@link #attach}es its job). */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Earlier> claim(Claim claim) {
        em.createNativeQuery("""
                delete
                from submit_claim
                where kind = ?1 and scope_id = ?2 and claim_key = ?3 and expires_at < now()
                """).setParameter(1, claim.kind().name()).setParameter(2, claim.scopeId()).setParameter(3, claim.key())
                .executeUpdate();
        int inserted = em.createNativeQuery("""
                insert into submit_claim (kind, scope_id, claim_key, team_id, request_hash, expires_at)
                values (?1, ?2, ?3, ?4, cast(?5 as text), now() + make_interval(secs => ?6))
                on conflict (kind, scope_id, claim_key) do nothing
                """).setParameter(1, claim.kind().name()).setParameter(2, claim.scopeId()).setParameter(3, claim.key())
                .setParameter(4, claim.teamId()).setParameter(5, claim.requestHash())
                .setParameter(6, (double) claim.keptFor().toSeconds()).executeUpdate();
        if (inserted == 1) {
            return Optional.empty();
        }
        SqlRow row = SqlRow.list(em.createNativeQuery("""
                select request_hash, job_id
                from submit_claim
                where kind = ?1 and scope_id = ?2 and claim_key = ?3
                """, Tuple.class).setParameter(1, claim.kind().name()).setParameter(2, claim.scopeId())
                .setParameter(3, claim.key())).get(0);
        return Optional.of(new Earlier(row.longValue("job_id"),
                Objects.equals(claim.requestHash(), row.string("request_hash"))));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void attach(Claim claim, long jobId) {
        em.createNativeQuery("update submit_claim set job_id = ?4 where kind = ?1 and scope_id = ?2 and claim_key = ?3")
                .setParameter(1, claim.kind().name()).setParameter(2, claim.scopeId()).setParameter(3, claim.key())
                .setParameter(4, jobId).executeUpdate();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetExpired() {
        em.createNativeQuery("delete from submit_claim where expires_at < now()").executeUpdate();
    }
}
