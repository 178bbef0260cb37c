package io.reelgate.studio;

import java.util.ArrayList;
import java.util.List;

/**
 * The five-part prompt builder: subject, action, setting, camera and lighting, style — composed
 * into one prompt the user can edit afterwards. The page's script composes the same way.
 */
final class PromptBuilder {

    private PromptBuilder() {
    }

    static String compose(String subject, String action, String setting, String camera, String style) {
        List<String> sentences = new ArrayList<>();
        String scene = join(" ", clean(subject), clean(action));
        String where = clean(setting);
        if (!scene.isEmpty() && !where.isEmpty()) {
            scene = scene + ", " + where;
        } else if (scene.isEmpty()) {
            scene = where;
        }
        add(sentences, scene);
        add(sentences, clean(camera));
        add(sentences, clean(style));
        return String.join(" ", sentences);
    }

    private static void add(List<String> sentences, String part) {
        if (part.isEmpty()) {
            return;
        }
        String sentence = Character.toUpperCase(part.charAt(0)) + part.substring(1);
        sentences.add(sentence.endsWith(".") ? sentence : sentence + ".");
    }

    private static String join(String sep, String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + sep + b;
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ").replaceAll("[.]+$", "");
    }
}
