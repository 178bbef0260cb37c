package io.reelgate.provider;

import java.util.Optional;
import java.util.function.Function;

/** Either a value or a {@link ProviderError}; never both. */
public final class ProviderResult<T> {

    private final T value;
    private final ProviderError error;

    private ProviderResult(T value, ProviderError error) {
        this.value = value;
        this.error = error;
    }

    public static <T> ProviderResult<T> ok(T value) {
        return new ProviderResult<>(value, null);
    }

    public static <T> ProviderResult<T> failed(ProviderError error) {
        return new ProviderResult<>(null, error);
    }

    public boolean isOk() {
        return error == null;
    }

    /** The value; throws when the call failed (use after {@link #isOk()}). */
    public T value() {
        if (error != null) {
            throw new IllegalStateException("Provider call failed: " + error);
        }
        return value;
    }

    public ProviderError error() {
        if (error == null) {
            throw new IllegalStateException("Provider call succeeded");
        }
        return error;
    }

    public Optional<ProviderError> failure() {
        return Optional.ofNullable(error);
    }

    public <R> ProviderResult<R> map(Function<T, R> f) {
        return error == null ? ok(f.apply(value)) : failed(error);
    }

    @Override
    public String toString() {
        return error == null ? "ok(" + value + ")" : "failed(" + error + ")";
    }
}
