package io.reelgate.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Share links: creation, the public page, view counting, limits, passwords, revocation, isolation. */
@QuarkusTest
class ShareLinkTest {

    static final String SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36";

    @Inject
    Fixtures fixtures;
    @Inject
    Videos videos;
    @Inject
    BudgetSettings settings;
    @Inject
    EntityManager em;

    static Team team;
    static Session member;
    static long video;
    static long sibling;

    @BeforeEach
    void videos() {
        if (team == null) {
            team = fixtures.team("share", Tier.PRO);
            settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
            member = fixtures.memberOf(team, "sia", TeamRole.MEMBER);
            long memberId = fixtures.userId(member);
            video = videos.make(team.id, memberId, "A red kite over green hills " + Fixtures.unique("s"));
            sibling = videos.make(team.id, memberId, "The sibling video nobody shared " + Fixtures.unique("s"));
        }
    }

    /** Creates a link through the form and returns its token. */
    private String share(String... fields) {
        RequestSpecification form = member.htmx().contentType("application/x-www-form-urlencoded");
        if (!List.of(fields).contains("showPrompt")) {
            form = form.formParam("showPrompt", "true"); // checked by default in the form
        }
        for (int i = 0; i < fields.length; i += 2) {
            form = form.formParam(fields[i], fields[i + 1]);
        }
        Response r = form.post("/t/" + team.slug + "/videos/" + video + "/shares");
        assertEquals(200, r.statusCode(), r.asString());
        String url = Jsoup.parse(r.asString()).select("#new-link").attr("value");
        assertThat(url).startsWith(RestAssured.baseURI + ":" + RestAssured.port + "/s/");
        return url.substring(url.indexOf("/s/") + 3);
    }

    private static RequestSpecification anonymous() {
        return RestAssured.given().redirects().follow(false).header("User-Agent", BROWSER);
    }

    private Object[] link(String token) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select views, first_view_at, last_view_at, token_hint, encode(token_hash, 'hex') from share_link "
                        + "where token_hash = sha256(convert_to(?1, 'UTF8'))").setParameter(1, token).getSingleResult());
    }

    private int views(String token) {
        return ((Number) link(token)[0]).intValue();
    }

    private void sql(String statement, String token) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement
                + " where token_hash = sha256(convert_to(?1, 'UTF8'))").setParameter(1, token).executeUpdate());
    }

    @Test
    void theTokenIsShownOnceAndKeptOnlyAsAHash() {
        String token = share();

        assertThat(token).hasSize(43).as("256 random bits, base64url").matches("[A-Za-z0-9_-]+");
        Object[] row = link(token);
        assertThat((String) row[3]).isEqualTo(token.substring(0, 6));
        long stored = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from share_link where position(convert_to(?1, 'UTF8') in token_hash) > 0 or token_hint = ?1")
                .setParameter(1, token).getSingleResult()).longValue());
        assertEquals(0, stored, "the token itself is stored nowhere");
        Document page = Jsoup.parse(member.given().get("/t/" + team.slug + "/videos/" + video).asString());
        assertThat(page.select("#sharing").text()).contains(token.substring(0, 6) + "…").doesNotContain(token)
                .contains("Active");
    }

    @Test
    void aPersonWithoutAnAccountWatchesAndIsCounted() {
        String token = share();

        Response r = anonymous().get("/s/" + token);

        assertEquals(200, r.statusCode());
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        Document page = Jsoup.parse(r.asString());
        assertThat(page.select("h1").text()).startsWith("A red kite over green hills");
        String src = page.select("video#player").attr("src");
        assertThat(src).startsWith("/s/" + token + "/video?t=");
        Response media = anonymous().header("Range", "bytes=0-99").redirects().follow(true).get(src);
        assertEquals(206, media.statusCode());
        assertEquals(100, media.asByteArray().length);
        assertThat(new String(media.asByteArray(), 4, 4)).isEqualTo("ftyp");
        Object[] row = link(token);
        assertEquals(1, ((Number) row[0]).intValue());
        assertThat(row[1]).isNotNull();
        assertThat(row[2]).isNotNull();
        assertThat(page.select("a[download]")).as("no download unless allowed").isEmpty();
    }

    @Test
    void openGraphTagsAreAbsoluteAndEachAppearsOnce() {
        String token = share();

        Document page = Jsoup.parse(anonymous().header("User-Agent", SLACK).get("/s/" + token).asString());

        String base = RestAssured.baseURI + ":" + RestAssured.port;
        for (String property : List.of("og:title", "og:description", "og:url", "og:type", "og:image", "og:image:width",
                "og:image:height", "og:video", "og:video:type", "og:video:width", "og:video:height")) {
            assertThat(page.select("meta[property=" + property + "]")).as(property).hasSize(1);
        }
        assertThat(page.select("meta[property=og:url]").attr("content")).isEqualTo(base + "/s/" + token);
        String image = page.select("meta[property=og:image]").attr("content");
        assertThat(image).isEqualTo(base + "/s/" + token + "/poster");
        assertThat(page.select("meta[property=og:video]").attr("content")).startsWith(base + "/s/" + token + "/video?t=");
        assertThat(Integer.parseInt(page.select("meta[property=og:image:width]").attr("content"))).isPositive();
        assertThat(Integer.parseInt(page.select("meta[property=og:image:height]").attr("content"))).isPositive();
        assertThat(page.select("meta[name=twitter:card]").attr("content")).isEqualTo("summary_large_image");
        Response poster = RestAssured.given().header("User-Agent", SLACK).get(image);
        assertEquals(200, poster.statusCode(), "the preview fetcher can load the image");
        assertThat(poster.contentType()).startsWith("image/");
    }

    @Test
    void previewBotsSeeTheTagsButUseNoViews() {
        String token = share("maxViews", "1");

        assertEquals(200, anonymous().header("User-Agent", SLACK).get("/s/" + token).statusCode());
        assertEquals(200, anonymous().header("User-Agent", "facebookexternalhit/1.1").get("/s/" + token).statusCode());
        assertEquals(0, views(token));

        Response person = anonymous().get("/s/" + token);
        assertEquals(200, person.statusCode());
        assertEquals(1, views(token));
        String src = Jsoup.parse(person.asString()).select("video#player").attr("src");
        assertEquals(206, anonymous().header("Range", "bytes=0-9").redirects().follow(true).get(src).statusCode(),
                "the counted view can still play after using the last view");

        Response again = anonymous().get("/s/" + token);
        assertEquals(410, again.statusCode());
        assertThat(Jsoup.parse(again.asString()).select("h1").text()).isEqualTo("This link has been used up");
        assertEquals(1, views(token));
    }

    @Test
    void expiredRevokedAndUnknownLinksSayWhy() {
        String expired = share("expires", "1d");
        sql("update share_link set expires_at = now() - interval '1 minute'", expired);
        Response r = anonymous().get("/s/" + expired);
        assertEquals(410, r.statusCode());
        assertThat(Jsoup.parse(r.asString()).text()).contains("This link no longer works").contains("expired on");

        String revoked = share();
        long linkId = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select id from share_link where token_hash = sha256(convert_to(?1, 'UTF8'))").setParameter(1, revoked)
                .getSingleResult()).longValue());
        member.htmx().post("/t/" + team.slug + "/videos/" + video + "/shares/" + linkId + "/revoke").then().statusCode(200);
        r = anonymous().get("/s/" + revoked);
        assertEquals(410, r.statusCode());
        assertThat(r.asString()).contains("turned this link off");

        assertEquals(404, anonymous().get("/s/" + "A".repeat(43)).statusCode());
        assertEquals(404, anonymous().get("/s/not-a-token").statusCode());

        String never = share("expires", "never");
        assertEquals(200, anonymous().get("/s/" + never).statusCode());
        assertThat(link(never)).isNotNull();
    }

    @Test
    void turningOffAllLinksStopsEveryOne() {
        String a = share();
        String b = share("expires", "never");
        Response r = member.htmx().post("/t/" + team.slug + "/videos/" + video + "/shares/revoke-all");
        assertEquals(200, r.statusCode());
        assertThat(Jsoup.parse(r.asString()).select("#sharing .alert-success").text()).contains("links turned off");
        assertEquals(410, anonymous().get("/s/" + a).statusCode());
        assertEquals(410, anonymous().get("/s/" + b).statusCode());
    }

    @Test
    void aTokenOpensItsOneVideoAndNothingElse() {
        String token = share();
        String other = share();
        Document page = Jsoup.parse(anonymous().get("/s/" + token).asString());
        String src = page.select("video#player").attr("src");
        String ticket = src.substring(src.indexOf("?t=") + 3);

        assertEquals(403, anonymous().get("/s/" + token + "/video").statusCode(), "no ticket, no video");
        assertEquals(403, anonymous().get("/s/" + other + "/video?t=" + ticket).statusCode(), "a ticket is for one link");
        assertEquals(403, anonymous().get("/s/" + token + "/video?t=" + ticket.substring(0, ticket.length() - 2) + "AA")
                .statusCode(), "a forged ticket");
        Response media = anonymous().get(src);
        assertThat(media.statusCode()).isIn(200, 303);
        if (media.statusCode() == 303) {
            assertThat(media.header("Location")).contains("/teams/" + team.id + "/videos/" + video + "/")
                    .doesNotContain("/videos/" + sibling + "/");
        }
        assertThat(anonymous().get("/t/" + team.slug + "/gallery").statusCode()).as("the team stays private").isEqualTo(302);
        assertThat(anonymous().get("/t/" + team.slug + "/videos/" + sibling + "/video").statusCode()).isEqualTo(302);
        assertEquals(404, anonymous().get("/s/" + token + "/../" + sibling).statusCode());
    }

    @Test
    void aPasswordIsAskedForAndWrongTriesAreLimited() {
        String token = share("password", "open sesame");

        Document ask = Jsoup.parse(anonymous().get("/s/" + token).then().statusCode(200).extract().asString());
        assertThat(ask.select("h1").text()).isEqualTo("This video has a password");
        assertThat(ask.select("video")).isEmpty();
        assertThat(ask.select("meta[property=og:image]")).as("no preview of a protected video").isEmpty();
        assertEquals(403, anonymous().get("/s/" + token + "/poster").statusCode());
        assertEquals(0, views(token));

        Response csrf = anonymous().get("/s/" + token);
        String cookie = csrf.cookie("rg_csrf");
        RequestSpecification post = RestAssured.given().redirects().follow(false).cookie("rg_csrf", cookie)
                .contentType("application/x-www-form-urlencoded").formParam("_csrf", cookie);
        Response wrong = post.formParam("password", "guess").post("/s/" + token);
        assertEquals(403, wrong.statusCode());
        assertThat(wrong.asString()).contains("That password is not right");

        Response right = RestAssured.given().redirects().follow(false).cookie("rg_csrf", cookie)
                .contentType("application/x-www-form-urlencoded").formParam("_csrf", cookie)
                .formParam("password", "open sesame").post("/s/" + token);
        assertEquals(303, right.statusCode());
        String unlock = right.cookie(ShareResource.UNLOCK_COOKIE);
        assertThat(unlock).isNotBlank();
        Response watch = anonymous().cookie(ShareResource.UNLOCK_COOKIE, unlock).get("/s/" + token);
        assertEquals(200, watch.statusCode());
        assertThat(Jsoup.parse(watch.asString()).select("video#player")).hasSize(1);
        assertEquals(1, views(token));

        for (int i = 0; i < 5; i++) {
            RestAssured.given().cookie("rg_csrf", cookie).contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", cookie).formParam("password", "wrong " + i).post("/s/" + token);
        }
        Response locked = RestAssured.given().redirects().follow(false).cookie("rg_csrf", cookie)
                .contentType("application/x-www-form-urlencoded").formParam("_csrf", cookie)
                .formParam("password", "open sesame").post("/s/" + token);
        assertEquals(429, locked.statusCode(), "after five wrong tries even the right one waits");
        assertThat(locked.header("Retry-After")).isNotBlank();
        assertThat(locked.asString()).contains("Too many wrong passwords");
    }

    @Test
    void anOldPasswordHashIsUpgradedOnTheNextRightPassword() throws Exception {
        String token = share("password", "open sesame");
        // a hash as links made before the upgrade kept it: PBKDF2-HMAC-SHA256 with 120,000 rounds
        byte[] salt = new byte[16];
        javax.crypto.SecretKeyFactory pbkdf2 = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] old = pbkdf2.generateSecret(new javax.crypto.spec.PBEKeySpec("open sesame".toCharArray(), salt, 120_000, 256))
                .getEncoded();
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String oldHash = "pbkdf2$120000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(old);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update share_link set password_hash = ?2 "
                + "where token_hash = sha256(convert_to(?1, 'UTF8'))").setParameter(1, token).setParameter(2, oldHash)
                .executeUpdate());
        assertThat(ShareSecrets.needsUpgrade(oldHash)).isTrue();

        String cookie = anonymous().get("/s/" + token).cookie("rg_csrf");
        Response right = RestAssured.given().redirects().follow(false).cookie("rg_csrf", cookie)
                .contentType("application/x-www-form-urlencoded").formParam("_csrf", cookie)
                .formParam("password", "open sesame").post("/s/" + token);
        assertEquals(303, right.statusCode(), "the old hash still lets the right password in");
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery("select password_hash "
                + "from share_link where token_hash = sha256(convert_to(?1, 'UTF8'))").setParameter(1, token)
                .getSingleResult());
        assertThat(stored).startsWith("pbkdf2$600000$").isNotEqualTo(oldHash);
        assertThat(ShareSecrets.passwordMatches("open sesame", stored)).isTrue();
        assertThat(ShareSecrets.needsUpgrade(stored)).isFalse();
    }

    @Test
    void downloadsOnlyWhereTheLinkAllowsThem() {
        String plain = share();
        String src = Jsoup.parse(anonymous().get("/s/" + plain).asString()).select("video#player").attr("src");
        String ticket = src.substring(src.indexOf("?t=") + 3);
        assertEquals(403, anonymous().get("/s/" + plain + "/download?t=" + ticket).statusCode());

        String allowed = share("allowDownload", "true", "showPrompt", "false");
        Document page = Jsoup.parse(anonymous().get("/s/" + allowed).asString());
        assertThat(page.select("h1").text()).as("the prompt stays hidden").isEqualTo("A video from " + team.name);
        assertThat(page.text()).doesNotContain("red kite");
        String download = page.select("a[download]").attr("href");
        Response file = anonymous().redirects().follow(true).get(download);
        assertEquals(200, file.statusCode());
        assertThat(new String(file.asByteArray(), 4, 4)).isEqualTo("ftyp");
    }

    @Test
    void badShareSettingsAreExplainedAndCreateNothing() {
        long before = links();
        Response r = member.htmx().contentType("application/x-www-form-urlencoded").formParam("maxViews", "lots")
                .formParam("expires", "forever").post("/t/" + team.slug + "/videos/" + video + "/shares");
        assertEquals(400, r.statusCode());
        Document panel = Jsoup.parse(r.asString());
        assertThat(panel.select("#views-error").text()).contains("whole number");
        assertThat(panel.select("#expires-error").text()).contains("Choose when the link expires");
        assertThat(panel.select("#share-views").attr("value")).isEqualTo("lots");
        assertEquals(before, links());
    }

    private long links() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from share_link where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue());
    }
}
