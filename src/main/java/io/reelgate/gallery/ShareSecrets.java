package io.reelgate.gallery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The cryptography of share links: tokens from {@link io.reelgate.web.Tokens}, PBKDF2 password
 * hashes, and HMAC-signed view tickets. The signing key lives in the database ({@code app_secret}),
 * created by the first instance that needs it, so every instance accepts every other's tickets.
 */
@ApplicationScoped
public class ShareSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    /** OWASP's current figure for PBKDF2-HMAC-SHA256; hashes with fewer rounds are upgraded on the next right password. */
    static final int PBKDF2_ROUNDS = 600_000;

    private final EntityManager em;
    private volatile byte[] ticketKey;

    ShareSecrets(EntityManager em) {
        this.em = em;
    }

    /** {@code pbkdf2$rounds$salt$hash}, all base64url. */
    public static String hashPassword(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2$" + PBKDF2_ROUNDS + "$" + URL.encodeToString(salt) + "$"
                + URL.encodeToString(pbkdf2(password, salt, PBKDF2_ROUNDS));
    }

    public static boolean passwordMatches(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
            return false;
        }
        byte[] expected = URL_DECODER.decode(parts[3]);
        byte[] actual = pbkdf2(password, URL_DECODER.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether a stored hash was made with fewer rounds than today's (then re-hash it once the password matched). */
    public static boolean needsUpgrade(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        try {
            return parts.length == 4 && Integer.parseInt(parts[1]) < PBKDF2_ROUNDS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int rounds) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ticket for the link that is valid until {@code expiresEpochSecond}. */
    public String ticket(long linkId, long expiresEpochSecond) {
        return expiresEpochSecond + "." + URL.encodeToString(sign(linkId + ":" + expiresEpochSecond));
    }

    /** Whether the ticket was issued for this link and has not expired. */
    public boolean validTicket(long linkId, String ticket, long nowEpochSecond) {
        if (ticket == null) {
            return false;
        }
        int dot = ticket.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expires;
        byte[] mac;
        try {
            expires = Long.parseLong(ticket.substring(0, dot));
            mac = URL_DECODER.decode(ticket.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return expires >= nowEpochSecond && MessageDigest.isEqual(mac, sign(linkId + ":" + expires));
    }

    private byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] key = ticketKey;
        if (key == null) {
            key = loadOrCreateKey();
            ticketKey = key;
        }
        return key;
    }

    @Transactional
    byte[] loadOrCreateKey() {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        em.createNativeQuery("insert into app_secret (name, value) values ('share-ticket', ?1) on conflict do nothing")
                .setParameter(1, fresh).executeUpdate();
        return (byte[]) em.createNativeQuery("select value from app_secret where name = 'share-ticket'").getSingleResult();
    }
}
