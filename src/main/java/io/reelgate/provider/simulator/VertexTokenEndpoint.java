package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.web.LocalServer;

/**
 * The simulated Vertex AI's OAuth side: the token exchange of {@code oauth2.googleapis.com/token}
 * for service-account JWT assertions, checked as Google's endpoint checks them (RS256 signature of a
 * trusted account's key, issuer, audience, scope, lifetime), and the bearer tokens it issues, which
 * expire and can be revoked; every other simulated Vertex path asks it first ({@link #authorize}).
 */
@ApplicationScoped
class VertexTokenEndpoint {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final String UNAUTHENTICATED = "Request had invalid authentication credentials. Expected OAuth 2 "
            + "access token, login cookie or other valid authentication credential. See "
            + "https://developers.google.com/identity/sign-in/web/devconsole-project.";
    private static final String BAD_TIMES = "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
            + "reasonable timeframe. Check your iat and exp values in the JWT claim.";
    /** Google refuses assertions that live longer than an hour. */
    private static final long MAX_ASSERTION_SECONDS = 3600;
    /** Clock skew tolerated on {@code iat}, as token endpoints commonly allow. */
    private static final long SKEW_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A trusted service account: its email, key id and the public half of its key. */
    private record Account(String email, String keyId, PublicKey key) {
    }

    private final SimulatorConfig config;
    private final SimulatorEngine engine;
    private final ObjectMapper json;
    private final LocalServer local;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private volatile Map<String, Account> accounts;

    VertexTokenEndpoint(SimulatorConfig config, SimulatorEngine engine, ObjectMapper json, LocalServer local) {
        this.config = config;
        this.engine = engine;
        this.json = json;
        this.local = local;
    }

    /** Access tokens issued so far. */
    long issued() {
        return issued.get();
    }

    /** Revokes every live access token: the next call with one answers 401, as after a key is disabled. */
    void revokeAll() {
        tokens.clear();
    }

    // ---------------------------------------------------------------- OAuth token endpoint

    /** The token exchange of {@code oauth2.googleapis.com/token} for a service-account JWT assertion. */
    Map<String, Object> token(String grantType, String assertion) {
        if (!GRANT_TYPE.equals(grantType)) {
            throw VertexFailure.oauth(400, "unsupported_grant_type", "Invalid grant_type: "
                    + (grantType == null ? "" : grantType));
        }
        if (assertion == null || assertion.isBlank()) {
            throw VertexFailure.oauth(400, "invalid_request", "Missing required parameter: assertion");
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw VertexFailure.oauth(400, "invalid_grant", "Invalid JWT: the assertion is not header.payload.signature.");
        }
        JsonNode header = jwtPart(parts[0]);
        JsonNode claims = jwtPart(parts[1]);
        if (!"RS256".equals(header.path("alg").asText())) {
            throw VertexFailure.oauth(400, "invalid_grant", "Invalid JWT: the signing algorithm must be RS256.");
        }
        Account account = accounts().get(claims.path("iss").asText(""));
        if (account == null) {
            throw VertexFailure.oauth(400, "invalid_grant", "Invalid grant: account not found");
        }
        // Google picks the public key by kid: a kid of another key fails like a wrong signature.
        if (header.hasNonNull("kid") && !header.get("kid").asText().equals(account.keyId())) {
            throw VertexFailure.oauth(400, "invalid_grant", "Invalid JWT Signature.");
        }
        if (!signed(account.key(), parts)) {
            throw VertexFailure.oauth(400, "invalid_grant", "Invalid JWT Signature.");
        }
        List<String> audiences = audiences();
        if (!audienceMatches(claims.get("aud"), audiences)) {
            throw VertexFailure.oauth(400, "invalid_grant", "Invalid JWT: Failed audience check. The right audience is "
                    + audiences.get(0));
        }
        long now = Instant.now().getEpochSecond();
        JsonNode iat = claims.get("iat");
        JsonNode exp = claims.get("exp");
        if (iat == null || exp == null || !iat.isNumber() || !exp.isNumber() || exp.asLong() <= now
                || iat.asLong() > now + SKEW_SECONDS || exp.asLong() <= iat.asLong()
                || exp.asLong() - iat.asLong() > MAX_ASSERTION_SECONDS) {
            throw VertexFailure.oauth(400, "invalid_grant", BAD_TIMES);
        }
        // A sub other than the account itself is domain-wide delegation, which these accounts do not have.
        if (claims.hasNonNull("sub") && !claims.get("sub").asText().equals(account.email())) {
            throw VertexFailure.oauth(401, "unauthorized_client", "Client is unauthorized to retrieve access tokens "
                    + "using this method, or client not authorized for any of the scopes requested.");
        }
        if (!List.of(claims.path("scope").asText("").split(" ")).contains(SCOPE)) {
            throw VertexFailure.oauth(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = "ya29.sim-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant nowInstant = Instant.now();
        tokens.values().removeIf(expiry -> expiry.isBefore(nowInstant));
        tokens.put(token, nowInstant.plus(config.vertex().tokenLifetime()));
        issued.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("expires_in", config.vertex().tokenLifetime().toSeconds());
        body.put("token_type", "Bearer");
        return body;
    }

    private JsonNode jwtPart(String part) {
        try {
            JsonNode node = json.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw VertexFailure.oauth(400, "invalid_grant", "Invalid JWT: the header or claims are not base64url JSON.");
        }
    }

    private static boolean signed(PublicKey key, String[] parts) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The configured audiences, then this simulator's own token URL (what a hand-written client signs). */
    private List<String> audiences() {
        List<String> audiences = new ArrayList<>(config.vertex().tokenAudiences());
        audiences.add(config.publicUrl().orElseGet(local::url) + "/sim/vertex/token");
        audiences.add(local.url() + "/sim/vertex/token");
        return audiences;
    }

    private static boolean audienceMatches(JsonNode aud, List<String> accepted) {
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode one : aud) {
                if (accepted.contains(one.asText())) {
                    return true;
                }
            }
            return false;
        }
        return accepted.contains(aud.asText());
    }

    private Map<String, Account> accounts() {
        Map<String, Account> loaded = accounts;
        if (loaded == null) {
            synchronized (this) {
                if (accounts == null) {
                    Map<String, Account> read = new LinkedHashMap<>();
                    for (String file : config.vertex().serviceAccountFiles()) {
                        Account account = account(file);
                        read.put(account.email(), account);
                    }
                    accounts = Map.copyOf(read);
                }
                loaded = accounts;
            }
        }
        return loaded;
    }

    /** Reads a key file and derives the public key from its private key (modulus and public exponent). */
    private Account account(String file) {
        try (InputStream in = file.startsWith("classpath:")
                ? Thread.currentThread().getContextClassLoader().getResourceAsStream(file.substring("classpath:".length()))
                : Files.newInputStream(Path.of(file))) {
            if (in == null) {
                throw new IllegalStateException("Vertex simulator: service-account file " + file + " not found");
            }
            JsonNode key = json.readTree(in);
            String pem = key.path("private_key").asText().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(),
                    privateKey.getPublicExponent()));
            return new Account(key.path("client_email").asText(), key.path("private_key_id").asText(), publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Vertex simulator: cannot read service-account file " + file, e);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("Vertex simulator: " + file + " holds no RSA PKCS#8 private key", e);
        }
    }

    // ---------------------------------------------------------------- Bearer tokens and faults

    /** Checks the bearer token (401 as Google answers), then the injected server errors. */
    void authorize(String authorization, boolean storage) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        Instant expiry = tokens.get(token);
        if (expiry == null || expiry.isBefore(Instant.now())) {
            throw storage ? VertexFailure.storage(401, "authError", "Invalid Credentials")
                    : VertexFailure.of(401, "UNAUTHENTICATED", UNAUTHENTICATED);
        }
        if (engine.faults().takeServerError()) {
            int code = engine.faults().serverErrorStatus;
            throw storage ? VertexFailure.storage(code, "backendError", "Backend Error")
                    : VertexFailure.of(code, VertexFailure.statusOf(code), "The service is currently unavailable.");
        }
    }
}
