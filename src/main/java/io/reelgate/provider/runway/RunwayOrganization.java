package io.reelgate.provider.runway;

import java.io.IOException;
import java.text.NumberFormat;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /v1/organization}, "usage tier and credit balance information about the organization
 * associated with the API key" (runwayml/sdk-python {@code resources/organization.py} {@code retrieve},
 * {@code types/organization_retrieve_response.py}: {@code creditBalance}, {@code tier.maxMonthlyCreditSpend},
 * {@code tier.models}, {@code usage.models}), read into the "Test connection" line.
 */
final class RunwayOrganization {

    private RunwayOrganization() {
    }

    /** "balance 1,000 credits · tier up to 10,000 credits a month · 12 models". */
    static String line(ObjectMapper json, String body) throws IOException {
        JsonNode org = json.readTree(body);
        if (!org.path("creditBalance").isNumber()) {
            throw new IOException("no creditBalance in the organization");
        }
        NumberFormat number = NumberFormat.getIntegerInstance(Locale.ROOT);
        number.setGroupingUsed(true);
        StringBuilder line = new StringBuilder("balance ").append(number.format(org.path("creditBalance").asLong()))
                .append(" credits");
        JsonNode tier = org.path("tier");
        if (tier.path("maxMonthlyCreditSpend").isNumber()) {
            line.append(" · tier up to ").append(number.format(tier.path("maxMonthlyCreditSpend").asLong()))
                    .append(" credits a month");
        }
        if (tier.path("models").isObject()) {
            line.append(" · ").append(tier.path("models").size()).append(" models");
        }
        return line.toString();
    }
}
