package io.reelgate.api;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A member's API key for one team; the secret itself is never stored, only its SHA-256. */
@Entity
public class ApiKey extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public long teamId;
    public long userId;
    public String name;
    public byte[] secretHash;
    public String hint;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public Long revokedBy;
    public Instant lastUsedAt;
    public String lastUsedIp;

    public boolean active(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
