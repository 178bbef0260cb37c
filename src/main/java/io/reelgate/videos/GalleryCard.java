package io.reelgate.videos;

import java.util.Optional;

import io.reelgate.team.Team;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.Formats;

/** A finished or failed video as a grid shows it: the gallery's and the team home's cards. */
public record GalleryCard(GalleryQueries.Item item, String shortPrompt, String date, String pageUrl, String posterUrl,
        String spriteUrl, String failure) {

    /** The card of one gallery row; finished videos link to their page, failed ones to their job. */
    public static GalleryCard of(GalleryQueries.Item item, Team team) {
        String base = TeamUrls.url(team, "videos", item.id());
        String failure = item.completed() ? null
                : Optional.ofNullable(item.errorCode()).map(c -> c.replace('_', ' ')).orElse("failed");
        return new GalleryCard(item, Formats.shorten(item.prompt(), 140), Formats.date(item.finishedAt(), team.zone()),
                item.completed() ? base : TeamUrls.url(team, "jobs", item.id()),
                item.hasPoster() ? TeamUrls.url(team, "videos", item.id(), "poster") : null,
                item.hasSprite() ? TeamUrls.url(team, "videos", item.id(), "spritesheet") : null, failure);
    }
}
