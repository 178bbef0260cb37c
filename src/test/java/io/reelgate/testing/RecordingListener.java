package io.reelgate.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.ProviderEventListener;
import io.reelgate.provider.VideoEvent;

/**
 * Records the provider events handed to listeners, once per webhook id (listeners are idempotent:
 * delivery is at least once, and another listener's RetryLater redelivers); can be told to fail
 * once for a video.
 */
@ApplicationScoped
public class RecordingListener implements ProviderEventListener {

    private final List<VideoEvent> events = new CopyOnWriteArrayList<>();
    private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public void onVideoEvent(VideoEvent event) {
        if (failOnce.remove(event.videoId())) {
            throw new IllegalStateException("listener failure injected by the test");
        }
        if (seen.add(event.provider() + "/" + event.webhookId())) {
            events.add(event);
        }
    }

    public List<VideoEvent> eventsFor(String videoId) {
        return events.stream().filter(e -> videoId.equals(e.videoId())).toList();
    }

    public void failOnceFor(String videoId) {
        failOnce.add(videoId);
    }
}
