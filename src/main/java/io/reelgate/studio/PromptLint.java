package io.reelgate.studio;

import io.reelgate.videos.StudioConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Warns about terms that commonly get prompts blocked ({@code sentinel_block}): brands, real people,
 * copyrighted characters, violence; configurable lists. Each warning names the term and the fix,
 * and the whole prompt is offered rewritten. Warnings are advice; they never block.
 */
@ApplicationScoped
public class PromptLint {

    /** One finding. */
    public record Warning(String category, String term, String advice) {
    }

    /** All findings and the prompt with every flagged term replaced (null when nothing was found). */
    public record Result(List<Warning> warnings, String rewrite) {
        public boolean clean() {
            return warnings.isEmpty();
        }
    }

    private record Rule(String key, StudioConfig.LintCategory category, Pattern pattern, String term) {
    }

    private final List<Rule> rules = new ArrayList<>();

    PromptLint(StudioConfig config) {
        config.lint().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, StudioConfig.LintCategory> e) -> e.getValue().order())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> e.getValue().terms().stream().filter(t -> !t.isBlank()).forEach(term -> rules.add(new Rule(
                        e.getKey(), e.getValue(), Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(term.trim())
                                + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), term.trim()))));
    }

    public Result check(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return new Result(List.of(), null);
        }
        List<Warning> warnings = new ArrayList<>();
        String rewrite = prompt;
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(prompt);
            if (m.find()) {
                warnings.add(new Warning(rule.category().label(), m.group(), rule.category().advice()));
                rewrite = rule.pattern().matcher(rewrite).replaceAll(Matcher.quoteReplacement(rule.category().replacement()));
            }
        }
        return new Result(warnings, warnings.isEmpty() ? null : rewrite);
    }
}
