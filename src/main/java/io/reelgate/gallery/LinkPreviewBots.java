package io.reelgate.gallery;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Link-preview fetchers of chat apps and social sites, by user agent. They get a share page's
 * OpenGraph tags like anyone else, but their fetches are not views and use up no view limit.
 */
public final class LinkPreviewBots {

    private static final Pattern BOTS = Pattern.compile(String.join("|",
            "facebookexternalhit", "facebot", "twitterbot", "slackbot", "slack-imgproxy", "linkedinbot",
            "whatsapp", "telegrambot", "discordbot", "skypeuripreview", "microsoftpreview", "teams/",
            "applebot", "googlebot", "bingbot", "bingpreview", "pinterest", "redditbot", "embedly", "iframely",
            "vkshare", "mastodon", "signal", "snapchat", "viber", "line/", "kakaotalk-scrap", "zoom", "mattermost",
            "rocket.chat", "outlook", "yahoo! slurp", "duckduckbot", "yandex", "baiduspider", "w3c_validator",
            "opengraph", "metainspector", "preview"));

    private LinkPreviewBots() {
    }

    public static boolean isBot(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return false;
        }
        return BOTS.matcher(userAgent.toLowerCase(Locale.ROOT)).find();
    }
}
