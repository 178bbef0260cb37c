package io.reelgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The stylesheet every page loads is well formed: each block closes, and no media query opens
 * inside another block. An unclosed media query (a merge once left two) silently moves every later
 * rule under it, so the studio's images box, the storyboard cast and the extend card lost their
 * layout on wide screens while phones looked right.
 */
class StylesheetTest {

    @Test
    void everyBlockOfAppCssClosesAndNoMediaQueryNests() throws IOException {
        String css = Files.readString(Path.of("src/main/resources/META-INF/resources/static/app.css"))
                .replaceAll("(?s)/\\*.*?\\*/", "");
        int depth = 0;
        for (int i = 0; i < css.length(); i++) {
            char c = css.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                assertTrue(depth >= 0, "a } with no block to close: " + around(css, i));
            } else if (css.startsWith("@media", i)) {
                assertEquals(0, depth, "an @media inside an open block: " + around(css, i));
            }
        }
        assertEquals(0, depth, "blocks left open at the end of app.css");
    }

    private static String around(String css, int at) {
        return css.substring(Math.max(0, at - 60), Math.min(css.length(), at + 40)).replace('\n', ' ');
    }
}
