package io.reelgate.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;
import io.restassured.response.Response;

/** Media streamed through the app ({@code reelgate.gallery.delivery=proxy}): HTTP Range per RFC 9110. */
@QuarkusTest
@TestProfile(ProxyDeliveryTest.Proxy.class)
class ProxyDeliveryTest {

    public static class Proxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelgate.gallery.delivery", "proxy");
        }
    }

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Videos videos;

    static Team team;
    static Session member;
    static long video;
    static byte[] whole;
    static String path;

    @BeforeEach
    void video() {
        if (team == null) {
            team = fixtures.team("proxy", Tier.PRO);
            settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
            member = fixtures.memberOf(team, "pax", TeamRole.MEMBER);
            video = videos.make(team.id, fixtures.userId(member), "Range requests " + Fixtures.unique("r"));
            path = "/t/" + team.slug + "/videos/" + video + "/video";
            Response r = member.given().get(path);
            assertEquals(200, r.statusCode());
            whole = r.asByteArray();
        }
    }

    private Response range(String header) {
        return member.given().header("Range", header).get(path);
    }

    @Test
    void theWholeFileComesWithTypeLengthValidatorsAndCaching() {
        Response r = member.given().get(path);
        assertEquals(200, r.statusCode());
        assertThat(r.contentType()).isEqualTo("video/mp4");
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals(String.valueOf(whole.length), r.header("Content-Length"));
        assertThat(r.header("ETag")).matches("\"[0-9a-f]{64}\"");
        assertThat(r.header("Cache-Control")).contains("private").contains("max-age");
        assertThat(whole.length).isGreaterThan(2000);
        assertThat(new String(whole, 4, 4)).isEqualTo("ftyp");
        assertEquals(304, member.given().header("If-None-Match", r.header("ETag")).get(path).statusCode());
    }

    @Test
    void theFirstBytes() {
        Response r = range("bytes=0-99");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 0-99/" + whole.length, r.header("Content-Range"));
        assertEquals("100", r.header("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(whole, 0, 100), r.asByteArray());
    }

    @Test
    void aRangeInTheMiddle() {
        int from = whole.length / 3;
        int to = from + 1234;
        Response r = range("bytes=" + from + "-" + to);
        assertEquals(206, r.statusCode());
        assertEquals("bytes " + from + "-" + to + "/" + whole.length, r.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(whole, from, to + 1), r.asByteArray());
    }

    @Test
    void aSuffixRange() {
        Response r = range("bytes=-500");
        assertEquals(206, r.statusCode());
        assertEquals("bytes " + (whole.length - 500) + "-" + (whole.length - 1) + "/" + whole.length, r.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 500, whole.length), r.asByteArray());
    }

    @Test
    void anOpenEndedRange() {
        Response r = range("bytes=1000-");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, 1000, whole.length), r.asByteArray());
    }

    @Test
    void anEndPastTheFileIsCutToTheFile() {
        Response r = range("bytes=10-" + (whole.length + 5000));
        assertEquals(206, r.statusCode());
        assertEquals("bytes 10-" + (whole.length - 1) + "/" + whole.length, r.header("Content-Range"));
    }

    @Test
    void severalRangesGetTheWholeBody() {
        Response r = range("bytes=0-9,20-29");
        assertEquals(200, r.statusCode(), "multipart/byteranges is not served; RFC 9110 allows the whole body");
        assertArrayEquals(whole, r.asByteArray());
    }

    @Test
    void anUnsatisfiableRangeIs416() {
        Response r = range("bytes=" + whole.length + "-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */" + whole.length, r.header("Content-Range"));
        assertEquals(416, range("bytes=-0").statusCode());
        assertEquals(416, range("bytes=50-10").statusCode());
    }

    @Test
    void aStaleIfRangeGetsTheWholeBody() {
        Response r = member.given().header("Range", "bytes=0-9").header("If-Range", "\"not-the-etag\"").get(path);
        assertEquals(200, r.statusCode());
        assertArrayEquals(whole, r.asByteArray());
    }

    @Test
    void downloadsAreAttachments() {
        Response r = member.given().get("/t/" + team.slug + "/videos/" + video + "/download");
        assertEquals(200, r.statusCode());
        assertThat(r.header("Content-Disposition")).startsWith("attachment; filename=\"reelgate-");
        assertArrayEquals(whole, r.asByteArray());
    }
}
