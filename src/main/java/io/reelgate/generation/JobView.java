package io.reelgate.generation;

import java.time.Duration;
import java.time.Instant;

/**
 * A job as other packages read it: an immutable copy of its {@link VideoJob} row, taken when it was
 * read. The entity stays inside {@code generation} (only its services write a job); pages, the
 * Videos API and storyboards get this record (issue 33: read models cross packages, not the entity).
 * Lease, attempt and fingerprint columns are the pipeline's own and are left out.
 */
public record JobView(long id, long teamId, long memberId, Long reservationId, Long storyboardId, String provider,
        String model, String modelId, String size, int seconds, String prompt, String negativePrompt,
        String inputImageKey, String lastFrameKey, Long remixOfJobId, Long extendsJobId, boolean batch,
        boolean withAudio, Long apiKeyId, Instant notBefore, JobState state, String providerVideoId,
        String providerStatus, int progress, String resultUrl, Instant contentExpiresAt, String errorCode,
        String errorMessage, Integer actualSeconds, Long chargedMicros, Instant createdAt, Instant submittedAt,
        Instant generatedAt, Instant finishedAt, Instant deletedAt) {

    /** The row as it is now (null for null). */
    public static JobView of(VideoJob j) {
        return j == null ? null : new JobView(j.id, j.teamId, j.memberId, j.reservationId, j.storyboardId, j.provider,
                j.model, j.modelId, j.size, j.seconds, j.prompt, j.negativePrompt, j.inputImageKey, j.lastFrameKey,
                j.remixOfJobId, j.extendsJobId, j.batch, j.withAudio, j.apiKeyId, j.notBefore, j.state,
                j.providerVideoId, j.providerStatus, j.progress, j.resultUrl, j.contentExpiresAt, j.errorCode,
                j.errorMessage, j.actualSeconds, j.chargedMicros, j.createdAt, j.submittedAt, j.generatedAt,
                j.finishedAt, j.deletedAt);
    }

    /** A storyboard's shots joined by Reelgate: no provider video of its own. */
    public boolean stitched() {
        return storyboardId != null && reservationId == null;
    }

    public boolean remix() {
        return remixOfJobId != null;
    }

    /** A continuation of a finished video of the team ({@link #extendsJobId}). */
    public boolean extension() {
        return extendsJobId != null;
    }

    /** Time from submission to the provider's completion, when both are known. */
    public Duration generationTime() {
        return submittedAt == null || generatedAt == null ? null : Duration.between(submittedAt, generatedAt);
    }
}
