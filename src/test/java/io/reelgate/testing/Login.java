package io.reelgate.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Signs in through the real OIDC authorization-code flow against the OIDC dev service: the app
 * redirects to the IdP, the IdP's login form is posted, the code comes back to the app, and the
 * app sets its session cookie. No security shortcuts.
 */
public final class Login {

    private Login() {
    }

    /** Signs in as {@code username} with the given IdP roles/groups (comma-separated, may be empty). */
    public static Session as(String username, String roles) {
        try {
            return flow(username, roles);
        } catch (IOException e) {
            throw new IllegalStateException("Login of " + username + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Session as(String username) {
        return as(username, "user");
    }

    public static String baseUrl() {
        String url = ConfigProvider.getConfig().getValue("test.url", String.class);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Session flow(String username, String roles) throws IOException, InterruptedException {
        String base = baseUrl();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> toIdp = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        URI authorize = location(toIdp, "app /login");
        HttpResponse<String> loginPage = client.send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.ofString());
        Document page = Jsoup.parse(loginPage.body());
        Element form = page.selectFirst("form.custom-form");
        if (form == null) {
            throw new IllegalStateException("No login form at " + authorize + ": " + loginPage.body());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        fields.put("name", username);
        fields.put("roles", roles);
        URI loginAction = authorize.resolve(form.attr("action"));
        HttpResponse<String> back = client.send(HttpRequest.newBuilder(loginAction)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build(), HttpResponse.BodyHandlers.ofString());
        URI callback = location(back, "IdP /login");
        HttpResponse<String> session = client.send(HttpRequest.newBuilder(callback).build(),
                HttpResponse.BodyHandlers.ofString());
        URI restored = location(session, "app callback");
        client.send(HttpRequest.newBuilder(URI.create(base).resolve(restored)).build(), HttpResponse.BodyHandlers.ofString());
        // Any page of the app issues the CSRF cookie.
        client.send(HttpRequest.newBuilder(URI.create(base + "/me")).build(), HttpResponse.BodyHandlers.ofString());

        Map<String, String> jar = new HashMap<>();
        for (HttpCookie c : cookies.getCookieStore().get(URI.create(base))) {
            jar.put(c.getName(), c.getValue());
        }
        if (!jar.containsKey("q_session")) {
            throw new IllegalStateException("No session cookie after login of " + username + "; cookies: " + jar.keySet());
        }
        return new Session(username, jar);
    }

    private static URI location(HttpResponse<?> response, String step) {
        return response.headers().firstValue("Location").map(URI::create).orElseThrow(() -> new IllegalStateException(
                step + " answered " + response.statusCode() + " without a redirect: " + response.body()));
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
