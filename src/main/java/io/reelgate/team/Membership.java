package io.reelgate.team;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One source's claim that a user belongs to a team with a role. */
@Entity
public class Membership extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    public TeamRole role;

    public Instant createdAt;

    public static Membership of(long teamId, long userId, MembershipSource source, TeamRole role) {
        Membership m = new Membership();
        m.key = new Key(teamId, userId, source);
        m.role = role;
        m.createdAt = Instant.now();
        return m;
    }

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "team_id")
        public long teamId;
        @Column(name = "user_id")
        public long userId;
        @Enumerated(EnumType.STRING)
        public MembershipSource source;

        public Key() {
        }

        public Key(long teamId, long userId, MembershipSource source) {
            this.teamId = teamId;
            this.userId = userId;
            this.source = source;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.teamId == teamId && k.userId == userId && k.source == source;
        }

        @Override
        public int hashCode() {
            return Objects.hash(teamId, userId, source);
        }
    }
}
