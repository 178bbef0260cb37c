package io.reelgate.studio;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.reelgate.generation.GenerationService;
import io.reelgate.web.SqlRow;
import io.reelgate.web.Tokens;

/**
 * One rendered composer = at most one job. Each form carries a one-time token; submitting claims
 * it in the same transaction that admits the job, so a second post of the same form (a double
 * click, the browser resending) waits for the first and then answers with its job — one
 * reservation, one charge. A refused submission rolls its claim back and the form can be sent again.
 */
@ApplicationScoped
class Submissions {

    /** The outcome: a new submission's result, or the job an earlier post of the same form made. */
    sealed interface Outcome permits Fresh, Repeat {
    }

    record Fresh(GenerationService.Submitted submitted) implements Outcome {
    }

    record Repeat(long jobId) implements Outcome {
    }

    private final EntityManager em;

    Submissions(EntityManager em) {
        this.em = em;
    }

    /** A token for a form about to be rendered. */
    static String newToken() {
        return Tokens.newToken();
    }

    /** Runs {@code submit} once per token and team; without a usable token it just runs it. */
    Outcome once(long teamId, String token, Supplier<GenerationService.Submitted> submit) {
        if (token == null || !Tokens.plausible(token)) {
            return new Fresh(submit.get());
        }
        try {
            return claimAndSubmit(teamId, token, submit);
        } catch (NotAdmitted refused) {
            return new Fresh(refused.result); // rolled back: the token is free for the next try
        }
    }

    /** Carries a refusal out of the transaction so that it rolls back (and frees the token). */
    private static final class NotAdmitted extends RuntimeException {
        final transient GenerationService.Submitted result;

        NotAdmitted(GenerationService.Submitted result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private Outcome claimAndSubmit(long teamId, String token, Supplier<GenerationService.Submitted> submit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int claimed = em.createNativeQuery("""
                    insert into studio_submission (token, team_id, job_id)
                    values (?1, ?2, 0)
                    on conflict (token) do nothing
                    """).setParameter(1, token).setParameter(2, teamId).executeUpdate();
            if (claimed == 0) {
                Optional<SqlRow> row = SqlRow.list(em.createNativeQuery(
                        "select team_id, job_id from studio_submission where token = ?1", Tuple.class)
                        .setParameter(1, token)).stream().findFirst();
                if (row.isPresent() && row.get().longValue("team_id") == teamId) {
                    return new Repeat(row.get().longValue("job_id"));
                }
                return new Fresh(submit.get()); // another team's token: not this form's business
            }
            GenerationService.Submitted result = submit.get();
            if (result instanceof GenerationService.Queued queued) {
                em.createNativeQuery("update studio_submission set job_id = ?2 where token = ?1").setParameter(1, token)
                        .setParameter(2, queued.job().id).executeUpdate();
            } else {
                throw new NotAdmitted(result);
            }
            return new Fresh(result);
        });
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetOld() {
        em.createNativeQuery("delete from studio_submission where created_at < now() - interval '1 day'").executeUpdate();
    }
}
