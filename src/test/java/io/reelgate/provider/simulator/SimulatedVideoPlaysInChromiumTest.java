package io.reelgate.provider.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.storage.ObjectStore;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;

/** The simulator's MP4, copied to storage, plays in headless Chromium from a presigned URL. */
@QuarkusTest
class SimulatedVideoPlaysInChromiumTest {

    @Inject
    Providers providers;
    @Inject
    ObjectStore store;

    @Test
    void theRenderedMp4PlaysInChromium() throws Exception {
        VideoProvider sim = providers.get("simulator");
        String id = sim.create(new CreateVideo("sora-2", "A kite over a green hill", "1280x720", 4, Optional.empty()))
                .value().id();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> sim.retrieve(id).value().status() == VideoStatus.COMPLETED);
        String key = "tests/" + Fixtures.unique("playback") + ".mp4";
        try (VideoContent content = sim.download(new ResultRef(id, null), Variant.VIDEO).value(); InputStream in = content.body()) {
            store.put(key, in, "video/mp4");
        }
        String url = store.presignedGet(key, Duration.ofMinutes(10), Map.of());

        try (Browser browser = Browser.open(800)) {
            browser.go(url);
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(js.executeScript(
                    "const v = document.querySelector('video'); if (!v) return false; v.muted = true; v.play();"
                            + " return v.readyState >= 2 && v.videoWidth > 0;")));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) js.executeScript(
                    "return document.querySelector('video').currentTime")).doubleValue() > 0.5);
            Object duration = js.executeScript("return document.querySelector('video').duration");
            assertThat(((Number) duration).doubleValue()).isBetween(3.7, 4.3);
        }
    }
}
