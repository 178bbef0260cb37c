package io.reelgate.provider.fal;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderResult;

/**
 * {@code GET https://rest.fal.ai/users/current} with {@code Authorization: Key …}: who the key belongs
 * to, the call fal's own CLI makes for {@code fal auth whoami} (fal-ai/fal {@code fal/auth/__init__.py}
 * {@code current_user_info}, {@code fal/api/deploy.py} {@code _get_user}; body {@code CurrentUser} of
 * openapi-fal-rest: {@code full_name}, {@code nickname}, {@code user_id}, {@code is_locked},
 * {@code lock_reason}). Chosen over the documented {@code GET api.fal.ai/v1/account/billing}, which
 * needs an admin key and answers 403 to the inference key an operator configures.
 */
final class FalCurrentUser {

    private FalCurrentUser() {
    }

    /** "user reelgate-sim (Reelgate Simulator)"; a locked account is a failure with fal's reason. */
    static ProviderResult<String> line(ObjectMapper json, String body) throws IOException {
        JsonNode user = json.readTree(body);
        if (!user.path("nickname").isTextual()) {
            throw new IOException("no nickname in the current user");
        }
        String who = "user " + user.path("nickname").asText() + (user.path("full_name").asText("").isBlank() ? ""
                : " (" + user.path("full_name").asText() + ")");
        if (user.path("is_locked").asBoolean(false)) {
            return ProviderResult.failed(new ProviderError(ProviderError.Kind.OTHER, "account_locked", "fal accepted the key of "
                    + who + " but the account is locked: " + user.path("lock_reason").asText("no reason given"), null, null,
                    200));
        }
        return ProviderResult.ok(who);
    }
}
