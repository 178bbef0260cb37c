package io.reelgate.team;

/** Service tiers (SPEC §2); their rate limits are configuration ({@link TierConfig}). */
public enum Tier {
    PLUS("Plus"),
    PRO("Pro"),
    API_TIER_2("API Tier 2"),
    API_TIER_3("API Tier 3"),
    API_TIER_4("API Tier 4+"),
    ENTERPRISE("Enterprise");

    private final String label;

    Tier(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The key of this tier under {@code reelgate.tiers.*}. */
    public String configKey() {
        return name().toLowerCase().replace('_', '-');
    }
}
