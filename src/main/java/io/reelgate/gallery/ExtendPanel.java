package io.reelgate.gallery;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.reelgate.budget.Estimate;

/**
 * The video page's "Extend" card (issue 30): the form when the video can be made longer — the
 * seconds its provider lets an extension add (a fixed number when it allows one), the prompt for
 * what happens next, the estimate for those seconds, a one-time token and the refusals next to the
 * fields —, else why not and the way that is left (its last frame in the studio, or its storyboard);
 * and the video's place in a chain of extensions ({@code source}: what it extends; {@code extendedBy}).
 */
public record ExtendPanel(String whyNot, String providerLabel, int length, int minSeconds, int maxSeconds, int seconds,
        String prompt, Estimate estimate, Map<String, String> errors, String submission, String lastFrameUrl,
        String storyboardUrl, Link source, List<Link> extendedBy) {

    /** A video of the chain: its short prompt, its page, and its state in words while it is not finished. */
    public record Link(long id, String title, String url, String state) {
    }

    public boolean possible() {
        return whyNot == null;
    }

    /** One length only: shown as text, sent as a hidden field. */
    public boolean fixed() {
        return minSeconds == maxSeconds;
    }

    /** How long the video is once extended by {@code seconds}. */
    public int lengthAfter() {
        return length + seconds;
    }

    public List<Integer> choices() {
        return IntStream.rangeClosed(minSeconds, maxSeconds).boxed().toList();
    }

    public String error(String field) {
        return errors.get(field);
    }

    /** Admission would refuse it now (budget, cap, limits): the button waits. */
    public boolean blocked() {
        return estimate != null && !estimate.admissible();
    }
}
