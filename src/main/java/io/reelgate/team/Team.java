package io.reelgate.team;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A team: the unit of budgets, limits, galleries and isolation. */
@Entity
public class Team extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String slug;
    public String name;

    @Enumerated(EnumType.STRING)
    public Tier tier;

    public String timeZone;
    public Integer customRequestsPerMinute;
    public Integer customRequestsPerDay;
    public Instant createdAt;
    public Instant archivedAt;
    /** An operator switched every API key of the team off. */
    public boolean apiKeysDisabled;

    public static Optional<Team> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public boolean archived() {
        return archivedAt != null;
    }
}
