package io.reelgate.identity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Users: provisioning at sign-in and look-ups for other features. */
@ApplicationScoped
public class UserDirectory {

    private final EntityManager em;
    private final Event<UserSignedIn> signedIn;

    UserDirectory(EntityManager em, Event<UserSignedIn> signedIn) {
        this.em = em;
        this.signedIn = signedIn;
    }

    /**
     * Finds or creates the user for these claims. Profile, operator flag and IdP memberships are
     * refreshed only when the token differs from the last one synced (a new sign-in or a refresh),
     * so ordinary requests only read.
     */
    @Transactional
    public User signIn(SignInClaims claims) {
        User user = User.findByIdentity(claims.issuer(), claims.subject()).orElse(null);
        if (user == null) {
            // Two first requests may race; the unique (issuer, subject) key lets exactly one insert win.
            em.createNativeQuery("""
                    insert into app_user (issuer, subject, display_name)
                    values (?1, ?2, ?3)
                    on conflict (issuer, subject) do nothing
                    """)
                    .setParameter(1, claims.issuer())
                    .setParameter(2, claims.subject())
                    .setParameter(3, claims.displayName())
                    .executeUpdate();
            user = User.findByIdentity(claims.issuer(), claims.subject()).orElseThrow();
        }
        if (!claims.tokenHash().equals(user.syncedToken)) {
            user.username = claims.username();
            user.email = claims.email();
            user.emailVerified = claims.emailVerified();
            user.displayName = claims.displayName();
            user.operator = claims.operator();
            user.lastLoginAt = Instant.now();
            user.syncedToken = claims.tokenHash();
            long id = user.id;
            claims.groups().ifPresent(groups -> signedIn.fire(new UserSignedIn(id, groups)));
        }
        return user;
    }

    @Transactional
    public void setMailPreferences(long userId, boolean thresholdAlerts, boolean weeklyDigest) {
        em.createNativeQuery("update app_user set mail_threshold_alerts = ?1, mail_weekly_digest = ?2 where id = ?3")
                .setParameter(1, thresholdAlerts).setParameter(2, weeklyDigest).setParameter(3, userId).executeUpdate();
    }

    public Optional<User> find(long id) {
        return User.findByIdOptional(id);
    }

    /** Display data for many users at once, by id. */
    public Map<Long, User> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<User> users = User.list("id in ?1", ids);
        return users.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
    }
}
