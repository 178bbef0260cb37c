package io.reelgate.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in user of this request, provisioned from the ID token on first use. */
@RequestScoped
public class CurrentUser {

    private final SecurityIdentity identity;
    private final UserDirectory users;
    private final IdentityConfig config;
    private User user;

    CurrentUser(SecurityIdentity identity, UserDirectory users, IdentityConfig config) {
        this.identity = identity;
        this.users = users;
        this.config = config;
    }

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    /** The user; throws {@link UnauthorizedException} for anonymous requests. */
    public User user() {
        if (user == null) {
            if (identity.isAnonymous()) {
                throw new UnauthorizedException();
            }
            user = users.signIn(claims());
        }
        return user;
    }

    public long id() {
        return user().id;
    }

    public Optional<User> optional() {
        return signedIn() ? Optional.of(user()) : Optional.empty();
    }

    public boolean operator() {
        return signedIn() && user().operator;
    }

    private SignInClaims claims() {
        boolean operator = identity.hasRole(config.operatorRole());
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            String name = identity.getPrincipal().getName();
            return new SignInClaims(config.issuer().orElse("local"), name, name, null, false, name, operator,
                    Optional.empty(), sha256(name + "|" + operator));
        }
        String email = token.getClaim("email");
        String username = Optional.ofNullable(token.<String> getClaim("preferred_username")).orElse(email);
        String name = firstNonBlank(token.getClaim("name"), username, email, token.getSubject());
        Object verified = token.getClaim("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(String.valueOf(verified))
                || (config.trustEmails() && email != null && verified == null);
        Optional<List<String>> groups = config.groupsClaim().map(claim -> strings(token.getClaim(claim)));
        return new SignInClaims(config.issuer().orElse(token.getIssuer()), token.getSubject(), username, email,
                emailVerified, name, operator, groups, sha256(token.getRawToken()));
    }

    private static List<String> strings(Object claim) {
        if (claim == null) {
            return List.of();
        }
        if (claim instanceof JsonArray array) {
            return array.stream().map(v -> v instanceof JsonString s ? s.getString() : v.toString()).toList();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof Iterable<?> values) {
            return StreamSupport.stream(values.spliterator(), false).map(String::valueOf).toList();
        }
        return List.of(claim.toString());
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "Unknown user";
    }
}
