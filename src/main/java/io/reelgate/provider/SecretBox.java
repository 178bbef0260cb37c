package io.reelgate.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seals and opens secrets with AES-256-GCM under {@link SecretsConfig#key()}. A sealed value reads
 * {@code rg1:<key id>:<Base64 of 12-byte nonce + ciphertext + tag>}; the key id (the first 8 hex
 * digits of the key's SHA-256) says which key opens it, so old keys keep working during a rotation.
 * The provider's name is bound as associated data: a sealed value copied to another provider's row
 * does not open. Nothing here logs or puts a secret in an exception message.
 */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "rg1";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private record Key(String id, SecretKeySpec spec) {
    }

    private final Key current;
    private final Map<String, Key> all = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Inject
    SecretBox(SecretsConfig config) {
        this(config.key(), config.previousKeys().orElse(List.of()));
    }

    /** For tests: a box with {@code key} and the keys it replaced. */
    public SecretBox(Optional<String> key, List<String> previous) {
        this.current = key.filter(k -> !k.isBlank()).map(k -> parse(k, "reelgate.secrets.key")).orElse(null);
        if (current != null) {
            all.put(current.id(), current);
        }
        for (String p : previous) {
            if (!p.isBlank()) {
                Key k = parse(p, "reelgate.secrets.previous-keys");
                all.putIfAbsent(k.id(), k);
            }
        }
    }

    /** Whether secrets can be sealed (a key is configured). */
    public boolean ready() {
        return current != null;
    }

    /** The id of the key new secrets are sealed with, or empty. */
    public Optional<String> currentKeyId() {
        return Optional.ofNullable(current).map(Key::id);
    }

    /** The id of the key that sealed {@code sealed}. */
    public static String keyIdOf(String sealed) {
        String[] parts = sealed.split(":", 3);
        return parts.length == 3 ? parts[1] : "";
    }

    /** Seals {@code plain} for provider {@code owner}; refuses without a configured key. */
    public String seal(String owner, String plain) {
        if (current == null) {
            throw new SetupRefused("Secrets cannot be stored: set REELGATE_SECRETS_KEY (reelgate.secrets.key) to 32 "
                    + "random bytes in Base64 on every instance, e.g. the output of `openssl rand -base64 32`.");
        }
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return PREFIX + ":" + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens a value sealed for {@code owner}; throws {@link IllegalStateException} (naming the key id only) when it cannot. */
    public String open(String owner, String sealed) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            throw new IllegalStateException("A stored secret of provider " + owner + " is not in the sealed format");
        }
        Key key = all.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("A stored secret of provider " + owner + " was sealed with key " + parts[1]
                    + ", which is neither reelgate.secrets.key nor one of reelgate.secrets.previous-keys");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored secret of provider " + owner + " does not open with key " + parts[1]
                    + " (tampered with, or sealed for another provider)");
        }
    }

    /** The ids of every key this instance can open with, the current first. */
    public List<String> keyIds() {
        return new ArrayList<>(all.keySet());
    }

    /** The last four characters of a secret, for the console ("…abcd"); short secrets show nothing. */
    public static String hint(String secret) {
        String s = secret.strip();
        return s.length() < 12 ? "set" : "…" + s.substring(s.length() - 4);
    }

    private static Key parse(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not Base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(where + " must be 32 bytes (Base64 of 32 random bytes), not " + bytes.length);
        }
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 8);
            return new Key(id, new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
