package io.reelgate.api;

import jakarta.enterprise.context.RequestScoped;

/** Who a {@code /v1} request acts as: the key's member in the key's team, set by {@link ApiKeyFilter}. */
@RequestScoped
public class ApiCaller {

    /** The key, its team and its member. */
    public record Identity(long keyId, String keyName, long teamId, long userId) {
    }

    private Identity identity;

    void enter(Identity identity) {
        this.identity = identity;
    }

    public Identity identity() {
        if (identity == null) {
            throw new IllegalStateException("Not an API request");
        }
        return identity;
    }

    public long teamId() {
        return identity().teamId();
    }

    public long userId() {
        return identity().userId();
    }

    public long keyId() {
        return identity().keyId();
    }
}
