package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The server-drawn charts: well-formed SVG, escaped labels, round axes. */
class ChartsTest {

    private static Document xml(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void axesEndOnRoundNumbersWithHeadroom() {
        assertEquals(160_000_000, Charts.niceCeiling(120_000_000)); // $120 budget: 0, 40, 80, 120, 160
        assertEquals(6_000_000, Charts.niceCeiling(4_200_000));     // $4.20: steps of $1.50
        assertEquals(40_000, Charts.niceCeiling(10_000));           // one cent
        assertEquals(3_200_000_000L, Charts.niceCeiling(3_000_000_000L)); // $3,000: steps of $800
    }

    @Test
    void namesAreEscapedAndTheSvgIsWellFormed() throws Exception {
        String svg = Charts.bars("c", "Spend per member", "desc", List.of(
                new Charts.Bar("<script>alert(1)</script> & \"Bob\"", 5_000_000, "$5.00"),
                new Charts.Bar("Zoë", 1_000_000, "$1.00", "bar-ok")), "tone-brand");
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;");
        Document doc = xml(svg);
        assertEquals("img", doc.getDocumentElement().getAttribute("role"));
        assertEquals("c-title c-desc", doc.getDocumentElement().getAttribute("aria-labelledby"));
        assertEquals("Spend per member", doc.getElementsByTagName("title").item(0).getTextContent());
    }

    @Test
    void theBurnUpMarksTheRunOutDayAndDrawsOnlyThePast() throws Exception {
        List<Charts.Day> days = new ArrayList<>();
        LocalDate start = LocalDate.of(2026, 11, 1);
        for (int i = 0; i < 30; i++) {
            days.add(new Charts.Day(start.plusDays(i), i < 10 ? 5_000_000 : 0, i >= 10));
        }
        Document doc = xml(Charts.burnUp("b", "t", "d", days, 100_000_000, 150_000_000, LocalDate.of(2026, 11, 20), false));
        String points = doc.getElementsByTagName("polyline").item(0).getAttributes().getNamedItem("points").getTextContent();
        assertEquals(11, points.split(" ").length, "origin plus ten days so far");
        assertThat(doc.getDocumentElement().getTextContent()).contains("runs out 20 Nov").contains("budget $100.00");
        Document daily = xml(Charts.daily("d", "t", "d", days, 100_000_000));
        assertEquals(10, daily.getElementsByTagName("rect").getLength(), "one column per day with spend");
    }

    @Test
    void theEvenPaceIsShownInCents() throws Exception {
        List<Charts.Day> days = new ArrayList<>();
        LocalDate start = LocalDate.of(2026, 12, 1);
        for (int i = 0; i < 31; i++) {
            days.add(new Charts.Day(start.plusDays(i), i == 0 ? 1_000_000 : 0, i > 0));
        }
        // $250 over 31 days is $8.064516… a day
        Document daily = xml(Charts.daily("d", "t", "d", days, 250_000_000));
        assertThat(daily.getDocumentElement().getTextContent()).contains("even pace $8.06/day").doesNotContain("8.0645");
    }
}
