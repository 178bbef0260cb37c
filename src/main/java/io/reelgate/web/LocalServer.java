package io.reelgate.web;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;

/**
 * This app's own HTTP address on the loopback interface, for calls it makes to itself (the
 * built-in simulator's API and its webhooks). Read lazily: with port 0 the real port is only
 * known once the server listens.
 */
@ApplicationScoped
public class LocalServer {

    public String url() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8080);
        return "http://127.0.0.1:" + port;
    }
}
