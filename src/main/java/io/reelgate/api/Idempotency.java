package io.reelgate.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import io.reelgate.web.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

/**
 * {@code Idempotency-Key} for creates and remixes. A key is claimed by inserting its row in the
 * transaction that admits the request: a concurrent retry with the same key waits on that insert,
 * then finds the video (same request) or a conflict (a different one). A refused request rolls
 * its claim back, so a retry is judged again. Keys are forgotten after {@code idempotency-ttl}.
 */
@ApplicationScoped
class Idempotency {

    /** What an earlier request with the same key left: its video, and whether it was the same request. */
    record Earlier(long jobId, boolean sameRequest) {
    }

    private final EntityManager em;
    private final ApiConfig config;

    Idempotency(EntityManager em, ApiConfig config) {
        this.em = em;
        this.config = config;
    }

    /**
     * Claims the key for this request inside the caller's transaction: empty when it is new (the
     * caller goes on and then {@link #attach}es its video), else what the earlier request made.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Earlier> claim(long apiKeyId, String key, String requestHash) {
        em.createNativeQuery("""
                delete
                from api_idempotency
                where api_key_id = ?1 and idem_key = ?2 and created_at < now() - make_interval(secs => ?3)
                """).setParameter(1, apiKeyId).setParameter(2, key)
                .setParameter(3, (double) config.idempotencyTtl().toSeconds()).executeUpdate();
        int inserted = em.createNativeQuery("""
                insert into api_idempotency (api_key_id, idem_key, request_hash) values (?1, ?2, ?3)
                on conflict (api_key_id, idem_key) do nothing
                """).setParameter(1, apiKeyId).setParameter(2, key).setParameter(3, requestHash).executeUpdate();
        if (inserted == 1) {
            return Optional.empty();
        }
        SqlRow row = SqlRow.list(em.createNativeQuery(
                "select request_hash, job_id from api_idempotency where api_key_id = ?1 and idem_key = ?2", Tuple.class)
                .setParameter(1, apiKeyId).setParameter(2, key)).get(0);
        return Optional.of(new Earlier(row.longValue("job_id"), requestHash.equals(row.string("request_hash"))));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void attach(long apiKeyId, String key, long jobId) {
        em.createNativeQuery("update api_idempotency set job_id = ?3 where api_key_id = ?1 and idem_key = ?2")
                .setParameter(1, apiKeyId).setParameter(2, key).setParameter(3, jobId).executeUpdate();
    }

    /** The fingerprint of a request: what it asks for, so a key reused for something else is caught. */
    static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update((part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1F);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of some bytes, in hex (an uploaded image, as part of a request's fingerprint). */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetOld() {
        em.createNativeQuery("delete from api_idempotency where created_at < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) config.idempotencyTtl().toSeconds()).executeUpdate();
    }
}
