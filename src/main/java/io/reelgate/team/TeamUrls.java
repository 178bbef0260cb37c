package io.reelgate.team;

import io.quarkus.qute.TemplateExtension;

/**
 * The one way a team's page address is written, in Java and in templates: {@code /t/{slug}/} and
 * the path's segments joined by {@code /}, e.g. {@code TeamUrls.url(team, "videos", 42, "shares")} and
 * {@code {team.url('videos', job.id, 'shares')}} both give {@code /t/acme/videos/42/shares}.
 */
@TemplateExtension
public final class TeamUrls {

    private TeamUrls() {
    }

    public static String url(Team team, Object... segments) {
        return of(team.slug, segments);
    }

    /** The same address from a team's slug (request-scoped {@code CurrentTeam} and rows carry only that). */
    public static String of(String slug, Object... segments) {
        StringBuilder url = new StringBuilder("/t/").append(slug);
        for (Object segment : segments) {
            url.append('/').append(segment);
        }
        return url.toString();
    }
}
