package io.reelgate.storage;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Object storage: any S3-compatible store, reached through the MinIO SDK. */
@ConfigMapping(prefix = "reelgate.storage")
public interface StorageConfig {

    /**
     * Whether this process uses object storage at all: false only in the standalone provider
     * simulator ({@code quarkus.profile=simulator}), which neither creates the bucket at start nor
     * reports storage in readiness.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * S3 endpoint the server talks to, e.g. {@code https://minio.internal:9000} (env {@code REELGATE_STORAGE_ENDPOINT}).
     * In dev and test, when unset, an embedded S3Proxy is started and this is filled in.
     */
    String endpoint();

    /**
     * Endpoint used in presigned URLs handed to browsers, when browsers reach the store under another
     * name than the server does (e.g. a public hostname in front of an internal MinIO). Defaults to
     * {@link #endpoint()}.
     */
    Optional<String> publicEndpoint();

    /** Access key (env {@code REELGATE_STORAGE_ACCESS_KEY}). */
    String accessKey();

    /** Secret key (env {@code REELGATE_STORAGE_SECRET_KEY}). */
    String secretKey();

    /** Bucket holding all Reelgate objects; created at start-up when missing. */
    @WithDefault("reelgate")
    String bucket();

    /** Region used for request signing; S3-compatible stores usually accept the default. */
    @WithDefault("us-east-1")
    String region();

    /**
     * Part size for streamed uploads of unknown length (multipart): S3's minimum, 5 MiB, by default.
     * It bounds the heap used per upload; the largest object is 10,000 parts.
     */
    @WithDefault("5242880")
    long partSize();

    /** Connect, read and write timeout for storage calls. */
    @WithDefault("30S")
    Duration timeout();
}
