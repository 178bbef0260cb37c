package io.reelgate.ops;

import java.time.InstantSource;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.reelgate.audit.AuditTrail;
import io.reelgate.provider.CatalogUpdates;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.openrouter.CatalogComparison;
import io.reelgate.provider.openrouter.OpenRouterVideoModel;
import io.reelgate.provider.openrouter.OpenRouterVideoProvider;
import io.reelgate.team.ChangeRefused;

/**
 * An operator's refresh of an OpenRouter provider's catalog from OpenRouter's list: compare (changes
 * nothing), apply exactly what was compared, or revert to the configured catalog. Running jobs keep
 * the price they were admitted at; new estimates and admissions use the applied one.
 */
@ApplicationScoped
public class CatalogRefresh {

    private final Providers providers;
    private final CatalogUpdates updates;
    private final InstantSource clock;
    private final AuditTrail audit;

    CatalogRefresh(Providers providers, CatalogUpdates updates, InstantSource clock, AuditTrail audit) {
        this.providers = providers;
        this.updates = updates;
        this.clock = clock;
        this.audit = audit;
    }

    /** The provider's catalog next to OpenRouter's list as it is now. */
    public CatalogComparison compare(String provider) {
        return CatalogComparison.of(providers.get(provider).catalog(), fetch(provider));
    }

    /**
     * Applies OpenRouter's list if it is still what the operator saw ({@code hash}); otherwise
     * refuses (409) so they look again. Switches this instance at once.
     */
    public void apply(String provider, String hash, long actorId) {
        ModelCatalog current = providers.get(provider).catalog();
        CatalogComparison now = CatalogComparison.of(current, fetch(provider));
        if (!now.hash().equals(hash)) {
            throw new ChangeRefused("OpenRouter's list or the catalog changed since you compared them; nothing was "
                    + "applied. Check the list again.", 409);
        }
        if (now.proposed().isEmpty()) {
            throw new ChangeRefused("OpenRouter lists no model with a price per second; nothing was applied.", 400);
        }
        store(provider, now, current, actorId);
        updates.refresh();
    }

    /** Back to the configured catalog, on this instance at once. */
    public boolean revert(String provider, long actorId) {
        boolean reverted = remove(provider, actorId);
        updates.refresh();
        return reverted;
    }

    /** The stored catalog and its audit row commit together, before any instance switches to it. */
    private void store(String provider, CatalogComparison comparison, ModelCatalog current, long actorId) {
        QuarkusTransaction.requiringNew().run(() -> {
            updates.apply(provider, comparison.proposed(), clock.instant(), actorId);
            audit.record(null, actorId, "catalog.apply", provider,
                    CatalogComparison.text(current.models().stream().map(CatalogComparison::stored).toList()),
                    CatalogComparison.text(comparison.proposed()));
        });
    }

    private boolean remove(String provider, long actorId) {
        String old = CatalogComparison.text(providers.get(provider).catalog().models().stream()
                .map(CatalogComparison::stored).toList());
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean removed = updates.revert(provider);
            if (removed) {
                audit.record(null, actorId, "catalog.revert", provider, old, "configured catalog");
            }
            return removed;
        });
    }

    private List<OpenRouterVideoModel> fetch(String provider) {
        if (!(providers.get(provider) instanceof OpenRouterVideoProvider openRouter)) {
            throw new ChangeRefused(provider + " is not an OpenRouter provider", 400);
        }
        ProviderResult<List<OpenRouterVideoModel>> result = openRouter.models();
        if (!result.isOk()) {
            throw new ChangeRefused("OpenRouter's list could not be read: " + result.error().message(), 502);
        }
        return result.value();
    }
}
