package io.reelgate.generation;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.reelgate.provider.Variant;

/**
 * A stored copy of one variant of a job's video in object storage, with its size and checksum:
 * copied from the provider or derived by Reelgate ({@link #origin}), with the facts read from the
 * file (a video's duration, size, codec and sound; an image's pixel size).
 */
@Entity
public class VideoAsset extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    public String objectKey;
    public String contentType;
    public long sizeBytes;
    public String sha256;
    public Instant storedAt;
    /** {@code PROVIDER} or {@code DERIVED}. */
    public String origin;
    public Long durationMs;
    public Integer width;
    public Integer height;
    public String codec;
    public Boolean hasAudio;

    public boolean derived() {
        return "DERIVED".equals(origin);
    }

    public Variant variant() {
        return key.variant;
    }

    public static List<VideoAsset> ofJob(long jobId) {
        return list("key.jobId", jobId);
    }

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "job_id")
        public long jobId;
        @Enumerated(EnumType.STRING)
        public Variant variant;

        public Key() {
        }

        public Key(long jobId, Variant variant) {
            this.jobId = jobId;
            this.variant = variant;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.jobId == jobId && k.variant == variant;
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, variant);
        }
    }
}
