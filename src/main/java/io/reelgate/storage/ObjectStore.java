package io.reelgate.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.quarkus.runtime.StartupEvent;

/**
 * The only door to object storage. Streams in both directions so heap use never depends on
 * object size: uploads of unknown length go multipart in {@link StorageConfig#partSize()} parts.
 */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final StorageConfig config;
    private final MinioClient client;
    private final MinioClient presigner;

    public ObjectStore(StorageConfig config) {
        this.config = config;
        this.client = newClient(config.endpoint());
        this.presigner = config.publicEndpoint().map(this::newClient).orElse(client);
    }

    private MinioClient newClient(String endpoint) {
        MinioClient c = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
        long timeout = config.timeout().toMillis();
        c.setTimeout(timeout, timeout, timeout);
        return c;
    }

    void createBucketAtStartup(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        try {
            ensureBucket();
        } catch (StorageException e) {
            // Start anyway: the readiness check reports storage as down until the store is reachable.
            LOG.errorf(e, "Object storage at %s is not usable at start-up", config.endpoint());
        }
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
                LOG.infof("Created bucket %s at %s", config.bucket(), config.endpoint());
            }
            return null;
        });
    }

    /**
     * Streams {@code content} of unknown length into {@code key}, recording its size and SHA-256
     * on the way through.
     */
    public StoredObject put(String key, InputStream content, String contentType) {
        MessageDigest sha256 = sha256();
        CountingInputStream counted = new CountingInputStream(new DigestInputStream(content, sha256));
        String etag = call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(config.bucket())
                .object(key)
                .contentType(contentType)
                .stream(counted, -1, config.partSize())
                .build()).etag());
        return new StoredObject(key, counted.count, HexFormat.of().formatHex(sha256.digest()), etag);
    }

    /** Object metadata, or empty when there is no such object. */
    public Optional<ObjectInfo> stat(String key) {
        try {
            StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return Optional.of(new ObjectInfo(key, r.size(), r.contentType(), r.etag(), r.lastModified().toInstant()));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw new StorageException("stat " + key, e);
        } catch (Exception e) {
            throw new StorageException("stat " + key, e);
        }
    }

    /** Opens {@code length} bytes from {@code offset} (a null length reads to the end); the caller closes it. */
    public InputStream open(String key, long offset, Long length) {
        return call(() -> {
            GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(config.bucket()).object(key);
            if (offset > 0) {
                args.offset(offset);
            }
            if (length != null) {
                args.offset(offset).length(length);
            }
            return client.getObject(args.build());
        });
    }

    /** A time-limited GET URL for browsers; {@code responseHeaders} become {@code response-*} overrides. */
    public String presignedGet(String key, Duration ttl, Map<String, String> responseHeaders) {
        return call(() -> presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET)
                .bucket(config.bucket())
                .object(key)
                .expiry((int) ttl.toSeconds())
                .extraQueryParams(responseHeaders)
                .build()));
    }

    /** Deletes the object; deleting a missing object is not an error. */
    public void delete(String key) {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return null;
        });
    }

    /** Deletes every object whose key starts with {@code prefix}; returns how many. */
    public int deletePrefix(String prefix) {
        if (prefix == null || prefix.isBlank() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("Refusing to delete by an open-ended prefix: " + prefix);
        }
        int deleted = 0;
        for (String key : list(prefix)) {
            delete(key);
            deleted++;
        }
        return deleted;
    }

    /** Keys of all objects under {@code prefix}. */
    public java.util.List<String> list(String prefix) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (io.minio.Result<io.minio.messages.Item> result : client.listObjects(io.minio.ListObjectsArgs.builder()
                .bucket(config.bucket()).prefix(prefix).recursive(true).build())) {
            keys.add(call(() -> result.get().objectName()));
        }
        return keys;
    }

    /** True when the bucket answers; used by the readiness check. */
    public boolean reachable() {
        if (!config.enabled()) {
            return true;
        }
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
        } catch (Exception e) {
            LOG.debugf(e, "Storage health probe failed");
            return false;
        }
    }

    public String bucket() {
        return config.bucket();
    }

    @PreDestroy
    void close() throws Exception {
        client.close();
        if (presigner != client) {
            presigner.close();
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface StorageCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(StorageCall<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /** A stored object: where it is, how big, and its content hash. */
    public record StoredObject(String key, long size, String sha256, String etag) {
    }

    /** What the store knows about an object. */
    public record ObjectInfo(String key, long size, String contentType, String etag, Instant lastModified) {
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
