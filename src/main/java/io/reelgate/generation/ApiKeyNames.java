package io.reelgate.generation;

import java.util.Collection;
import java.util.Map;

/**
 * The names of the Videos API keys jobs were made with, for pages that say so. A port: the keys are
 * {@code api}'s table, a higher rank than the pages below it that show them (generation, gallery,
 * admin), so {@code api/ApiKeys} implements it.
 */
public interface ApiKeyNames {

    /** A key's name and its hint ({@code rg_ab…wxyz}). */
    record KeyName(String name, String hint) {
    }

    /** The keys of those ids that exist (deleted ones are missing). */
    Map<Long, KeyName> byIds(Collection<Long> keyIds);
}
