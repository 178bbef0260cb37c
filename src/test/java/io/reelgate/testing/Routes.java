package io.reelgate.testing;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

/**
 * Every HTTP route the application declares, read from its compiled resource classes, so that
 * tests which must cover "every route" also cover the routes added after them.
 */
public final class Routes {

    /** One method + path template, e.g. {@code POST /t/{team}/videos/{id}/delete}. */
    public record Route(String method, String template, String consumes) {

        public Route(String method, String template) {
            this(method, template, null);
        }

        /** Whether the route only accepts multipart bodies (a form post would not even reach it: 415). */
        public boolean multipart() {
            return consumes != null && consumes.startsWith("multipart/");
        }

        /** The path with {@code {team}} set and every other parameter set to {@code 1}. */
        public String path(String team) {
            return template.replace("{team}", team).replaceAll("\\{[^}]+}", "1");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Route r && r.method.equals(method) && r.template.equals(template);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(method, template);
        }
    }

    private Routes() {
    }

    public static List<Route> all() {
        Path classes = Path.of("target", "classes");
        List<Route> routes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/reelgate"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                jakarta.ws.rs.Path classPath = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (classPath == null) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    String verb = httpMethod(m);
                    if (verb == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    jakarta.ws.rs.Consumes consumes = m.getAnnotation(jakarta.ws.rs.Consumes.class);
                    routes.add(new Route(verb, normalise(join(classPath.value(), sub == null ? "" : sub.value())),
                            consumes == null || consumes.value().length == 0 ? null : consumes.value()[0]));
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        routes.sort(Comparator.comparing(Route::template).thenComparing(Route::method));
        return routes;
    }

    public static List<Route> teamScoped() {
        return all().stream().filter(r -> r.template().startsWith("/t/{team}")).toList();
    }

    private static String httpMethod(Method m) {
        for (var a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String left = a.startsWith("/") ? a : "/" + a;
        if (b.isEmpty()) {
            return left;
        }
        return left.replaceAll("/$", "") + (b.startsWith("/") ? b : "/" + b);
    }

    /** {@code {id: \d+}} becomes {@code {id}}. */
    private static String normalise(String template) {
        return template.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}");
    }
}
