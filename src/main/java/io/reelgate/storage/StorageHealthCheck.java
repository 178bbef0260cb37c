package io.reelgate.storage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the bucket answers. Part of {@code /q/health}. */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

    private final ObjectStore store;

    StorageHealthCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-storage")
                .status(store.reachable())
                .withData("bucket", store.bucket())
                .build();
    }
}
