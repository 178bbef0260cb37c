package io.reelgate.generation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Named points between the pipeline's steps where tests can make the process "die": an armed
 * point throws {@link InjectedCrash}, which the worker lets escape without touching the job (its
 * lease stays taken, as after a real crash). Unarmed, {@link #reach} costs a set lookup.
 */
@ApplicationScoped
public class CrashPoints {

    /** Every point, in pipeline order. */
    public static final String AFTER_CLAIM = "after-claim";
    public static final String AFTER_CREATE = "after-create";
    public static final String AFTER_STORE_PROVIDER_ID = "after-store-provider-id";
    public static final String IN_WEBHOOK = "in-webhook";
    public static final String AFTER_DOWNLOAD = "after-download-";
    public static final String AFTER_UPLOAD = "after-upload-";
    public static final String AFTER_DERIVE = "after-derive";
    public static final String BEFORE_SETTLE = "before-settle";

    /** The process died here (simulated). */
    public static final class InjectedCrash extends RuntimeException {
        InjectedCrash(String point) {
            super("injected crash at " + point);
        }
    }

    private final Set<String> armed = ConcurrentHashMap.newKeySet();

    /** Crashes once at {@code point} (the next time any job reaches it). */
    public void armOnce(String point) {
        armed.add(point);
    }

    public void disarmAll() {
        armed.clear();
    }

    public boolean armed(String point) {
        return armed.contains(point);
    }

    void reach(String point) {
        if (!armed.isEmpty() && armed.remove(point)) {
            throw new InjectedCrash(point);
        }
    }
}
