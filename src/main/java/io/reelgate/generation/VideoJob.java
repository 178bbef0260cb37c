package io.reelgate.generation;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A generation job: one admitted request on its way through the provider into storage. */
@Entity
public class VideoJob extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public long teamId;
    public long memberId;
    /** Null only for a stitched storyboard video, whose shots were charged. */
    public Long reservationId;
    /** The storyboard this job is a shot of, or (with no reservation) the stitched video of. */
    public Long storyboardId;
    public String provider;
    public String model;
    /** The model asked for when it is sold by several providers ({@code provider/ModelRoutes}); null otherwise. */
    public String modelId;
    public String size;
    public int seconds;
    public String prompt;
    public String negativePrompt;
    public String inputImageKey;
    public String inputImageType;
    /** The image the video should end on (stored under the team's inputs/), or null. */
    public String lastFrameKey;
    public String lastFrameType;
    public Long remixOfJobId;
    /** The finished job of the team whose video this one continues (same provider and model), or null. */
    public Long extendsJobId;
    public boolean batch;
    public boolean withAudio;
    /** The API key the video was made with, or null (made in the studio). */
    public Long apiKeyId;
    public Instant notBefore;
    public int priority;

    @Enumerated(EnumType.STRING)
    public JobState state;

    public String providerVideoId;
    public String providerStatus;
    public int progress;
    public String fingerprint;
    public Instant submitAttemptedAt;
    public int attempts;
    public Instant nextAttemptAt;
    public String resultUrl;
    public Instant contentExpiresAt;
    public String leaseOwner;
    public Instant leaseUntil;
    public boolean cancelRequested;
    public int polls;
    public String signal;
    public Instant lastSignalAt;
    public String errorCode;
    public String errorMessage;
    public Integer actualSeconds;
    public Long chargedMicros;
    /** What the provider reported it billed for the finished job (null: it reports no cost). */
    public Long billedMicros;
    public Instant createdAt;
    public Instant submittedAt;
    public Instant generatedAt;
    public Instant finishedAt;
    public Instant deletedAt;

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
