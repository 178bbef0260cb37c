package io.reelgate.generation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.ListQuery;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoPage;
import io.reelgate.provider.VideoProvider;

/**
 * Finds the provider job of a create that may or may not have reached the provider (a timeout,
 * or a crash between the call and storing its answer): lists the provider's jobs newest first
 * back to shortly before the attempt, and takes one with the same prompt, model, size and
 * duration that no other job has claimed. Only when none exists is the request sent again.
 */
@ApplicationScoped
class Reconciler {

    private static final Duration SLACK = Duration.ofMinutes(2);
    private static final int PAGE = 50;
    private static final int MAX_PAGES = 20;

    private final JobStore jobs;

    Reconciler(JobStore jobs) {
        this.jobs = jobs;
    }

    ProviderResult<Optional<RemoteVideo>> find(VideoProvider provider, VideoJob job) {
        Instant since = job.submitAttemptedAt.minus(SLACK);
        ListQuery query = ListQuery.first(PAGE);
        for (int page = 0; page < MAX_PAGES; page++) {
            ProviderResult<VideoPage> result = provider.list(query);
            if (!result.isOk()) {
                return ProviderResult.failed(result.error());
            }
            for (RemoteVideo remote : result.value().data()) {
                if (remote.createdAt() != null && remote.createdAt().isBefore(since)) {
                    return ProviderResult.ok(Optional.empty());
                }
                if (matches(job, remote) && !jobs.claimedElsewhere(job.provider, remote.id(), job.id)) {
                    return ProviderResult.ok(Optional.of(remote));
                }
            }
            if (!result.value().hasMore() || result.value().lastId() == null) {
                break;
            }
            query = query.next(result.value().lastId());
        }
        return ProviderResult.ok(Optional.empty());
    }

    private static boolean matches(VideoJob job, RemoteVideo remote) {
        boolean prompt = remote.prompt() == null
                ? false
                : fingerprint(remote.prompt(), remote.model(), remote.size(), remote.seconds())
                        .equals(job.fingerprint);
        boolean remix = job.remixOfJobId == null || remote.remixedFromVideoId() != null;
        return prompt && remix;
    }

    /** What identifies a request at the provider when its id was lost: the prompt's hash, model, size and length. */
    static String fingerprint(String prompt, String model, String size, int seconds) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash) + "|" + model + "|" + size + "|" + seconds;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
