package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Secrets sealed for the console: unreadable at rest, bound to their provider, and kept across a key rotation. */
class SecretBoxTest {

    static final String OLD = "e6yYpf0Qk50tI02GF2z5R/nEt+dO/wk2fEA1wPToXhw=";
    static final String NEW = "q0vKc4c4V7b3v2sPj7xqzH1m0mGmX2fL5cQeZ8wYt4Q=";
    static final String SECRET = "sk-live-0123456789abcdef";

    @Test
    void aSealedSecretIsUnreadableAtRestAndOpensOnlyForItsProvider() {
        SecretBox box = new SecretBox(Optional.of(OLD), List.of());
        String sealed = box.seal("vertex-eu", SECRET);
        assertThat(sealed).startsWith("rg1:").doesNotContain(SECRET).doesNotContain("0123456789");
        assertThat(box.seal("vertex-eu", SECRET)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertEquals(SECRET, box.open("vertex-eu", sealed));
        assertThatThrownBy(() -> box.open("other", sealed)).as("copied to another provider's row")
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(SECRET);
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAA=") ? "BBB=" : "AAA=");
        assertThatThrownBy(() -> box.open("vertex-eu", tampered)).isInstanceOf(IllegalStateException.class);
        assertEquals("…cdef", SecretBox.hint(SECRET));
    }

    @Test
    void theKeyRotatesWithoutLosingASecret() {
        String sealedWithOld = new SecretBox(Optional.of(OLD), List.of()).seal("p", SECRET);
        SecretBox rotated = new SecretBox(Optional.of(NEW), List.of(OLD));
        assertEquals(SECRET, rotated.open("p", sealedWithOld), "the previous key still opens what it sealed");
        String resealed = rotated.seal("p", rotated.open("p", sealedWithOld));
        assertEquals(rotated.currentKeyId().orElseThrow(), SecretBox.keyIdOf(resealed));
        assertThat(SecretBox.keyIdOf(sealedWithOld)).isNotEqualTo(SecretBox.keyIdOf(resealed));
        SecretBox newOnly = new SecretBox(Optional.of(NEW), List.of());
        assertEquals(SECRET, newOnly.open("p", resealed), "once re-sealed, the old key can go");
        assertThatThrownBy(() -> newOnly.open("p", sealedWithOld)).hasMessageContaining("neither reelgate.secrets.key");
    }

    @Test
    void withoutAKeyNothingIsStoredAndABadKeyStopsTheStart() {
        SecretBox none = new SecretBox(Optional.empty(), List.of());
        assertThat(none.ready()).isFalse();
        assertThatThrownBy(() -> none.seal("p", SECRET)).isInstanceOf(SetupRefused.class)
                .hasMessageContaining("REELGATE_SECRETS_KEY");
        assertThatThrownBy(() -> new SecretBox(Optional.of("c2hvcnQ="), List.of())).hasMessageContaining("must be 32 bytes");
    }
}
