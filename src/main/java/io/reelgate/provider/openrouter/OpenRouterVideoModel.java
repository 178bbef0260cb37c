package io.reelgate.provider.openrouter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model of OpenRouter's {@code GET /videos/models}, for an operator's catalog refresh: what it
 * renders and its price list. Missing lists are empty; {@code generateAudio} and {@code seed} are
 * null where OpenRouter does not know. {@code pricingSkus} maps each SKU name to its price, exactly
 * as the string OpenRouter sent (USD per second, or per token for Seedance); SKU names are
 * OpenRouter's own and UNCONFIRMED here. A price that is not a number is left out and named in
 * {@code unreadablePrices}.
 */
public record OpenRouterVideoModel(String id, List<Integer> supportedDurations, List<String> supportedResolutions,
        List<String> supportedAspectRatios, List<String> supportedFrameImages, Boolean generateAudio, Boolean seed,
        Map<String, BigDecimal> pricingSkus, List<String> unreadablePrices) {

    public OpenRouterVideoModel {
        supportedDurations = supportedDurations == null ? List.of() : List.copyOf(supportedDurations);
        supportedResolutions = supportedResolutions == null ? List.of() : List.copyOf(supportedResolutions);
        supportedAspectRatios = supportedAspectRatios == null ? List.of() : List.copyOf(supportedAspectRatios);
        supportedFrameImages = supportedFrameImages == null ? List.of() : List.copyOf(supportedFrameImages);
        pricingSkus = pricingSkus == null ? Map.of() : Map.copyOf(pricingSkus);
        unreadablePrices = unreadablePrices == null ? List.of() : List.copyOf(unreadablePrices);
    }

    /** Whether it takes a first frame (as far as the list says). */
    public boolean firstFrame() {
        return supportedFrameImages.contains("first_frame");
    }

    /** From the wire, each price string read exactly; one that is not a number is named, not guessed. */
    static OpenRouterVideoModel of(ApiVideoJob.Model m) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        if (m.pricingSkus() != null) {
            m.pricingSkus().forEach((sku, price) -> {
                try {
                    prices.put(sku, new BigDecimal(price.trim()));
                } catch (NumberFormatException | NullPointerException e) {
                    unreadable.add(sku);
                }
            });
        }
        return new OpenRouterVideoModel(m.id(), m.supportedDurations(), m.supportedResolutions(),
                m.supportedAspectRatios(), m.supportedFrameImages(), m.generateAudio(), m.seed(), prices, unreadable);
    }
}
