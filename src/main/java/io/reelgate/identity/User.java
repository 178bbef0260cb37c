package io.reelgate.identity;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person known from the identity provider, provisioned at first sign-in. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String issuer;
    public String subject;
    public String username;
    public String email;
    public boolean emailVerified;
    public String displayName;
    public boolean operator;
    public Instant createdAt;
    public Instant lastLoginAt;
    public String syncedToken;
    /** Threshold alerts below 100 % (the others always go out). */
    public boolean mailThresholdAlerts = true;
    /** The weekly digest (opt-in). */
    public boolean mailWeeklyDigest;

    public static Optional<User> findByIdentity(String issuer, String subject) {
        return find("issuer = ?1 and subject = ?2", issuer, subject).firstResultOptional();
    }

    /** Initials for the avatar badge. */
    public String initials() {
        String[] parts = displayName.trim().split("\\s+");
        String first = parts[0].isEmpty() ? "?" : parts[0].substring(0, 1);
        String last = parts.length > 1 ? parts[parts.length - 1].substring(0, 1) : "";
        return (first + last).toUpperCase();
    }
}
