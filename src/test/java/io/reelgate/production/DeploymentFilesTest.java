package io.reelgate.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code deploy/} cannot run here (no container engine), so its files are read as data and held to
 * what the app needs: every variable the app cannot start without, pinned public images, health
 * checks on the management port, a realm that signs people in with groups and the operator role.
 * {@code .ci/run} also runs yamllint over them; the compose file's Caddyfile and the realm are
 * exercised for real by {@link ProductionEndToEndIT}.
 */
class DeploymentFilesTest {

    /** What the packaged app needs to start in production (README "Production configuration"). */
    static final Set<String> REQUIRED = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_CLIENT_ID",
            "QUARKUS_OIDC_CREDENTIALS_SECRET", "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET",
            "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET", "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "REELGATE_STORAGE_ENDPOINT",
            "REELGATE_STORAGE_ACCESS_KEY", "REELGATE_STORAGE_SECRET_KEY", "QUARKUS_MAILER_HOST", "REELGATE_WEB_BASE_URL",
            "REELGATE_SECRETS_KEY");

    /** A pinned tag: a version number or a dated release, never latest or a bare major. */
    private static final Pattern PINNED = Pattern.compile("[a-z0-9./-]+:(v?\\d+\\.\\d+(\\.\\d+)?([-_.][A-Za-z0-9_.-]+)?|RELEASE\\.[0-9TZ-]+)");

    @Test
    void composeRunsTwoReplicasOfTheAppWithEverythingItNeeds() throws IOException {
        Map<String, Object> compose = yaml("deploy/compose/compose.yaml");
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("reelgate-1", "reelgate-2", "lb", "postgres", "minio", "bucket", "keycloak",
                "mailpit", "simulator");

        for (String replica : List.of("reelgate-1", "reelgate-2")) {
            Map<String, Object> service = map(services.get(replica));
            assertThat(map(service.get("environment")).keySet()).as("%s environment", replica).containsAll(REQUIRED);
            assertThat(String.valueOf(map(service.get("healthcheck")).get("test"))).as("%s health check", replica)
                    .contains("localhost:9000/q/health/ready");
            assertThat(map(service.get("build")).get("dockerfile")).isEqualTo("src/main/docker/Dockerfile.jvm");
            assertThat(service).as("%s publishes no port: only the load balancer does", replica).doesNotContainKey("ports");
        }
        assertThat(String.valueOf(map(map(services.get("simulator")).get("environment")).get("QUARKUS_PROFILE")))
                .isEqualTo("simulator");

        for (var entry : services.entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("reelgate:")) {
                continue; // built from this repository
            }
            assertThat(image).as("%s names a public image with a pinned version", entry.getKey()).matches(PINNED);
            if (!entry.getKey().equals("bucket") && !entry.getKey().equals("lb")) {
                assertThat(service).as("%s has a health check", entry.getKey()).containsKey("healthcheck");
            }
        }
        assertThat(map(compose.get("volumes"))).containsOnlyKeys("postgres-data", "minio-data", "mailpit-data");

        String text = Files.readString(Path.of("deploy/compose/compose.yaml"));
        Set<String> used = new HashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(envExample().keySet()).as(".env.example defines every variable compose.yaml uses").containsAll(used);
        assertThat(Files.readString(Path.of("deploy/compose/Caddyfile"))).contains("reelgate-1:8080 reelgate-2:8080");
    }

    @Test
    void kubernetesRunsTwoNonRootPodsProbedOnTheManagementPort() throws IOException {
        Map<String, Object> kustomization = yaml("deploy/kubernetes/kustomization.yaml");
        List<String> resources = strings(kustomization.get("resources"));
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        for (String file : resources) {
            Map<String, Object> doc = yaml("deploy/kubernetes/" + file);
            assertThat(doc).as(file).containsKeys("apiVersion", "kind", "metadata");
            byKind.put((String) doc.get("kind"), doc);
        }
        assertThat(byKind).containsKeys("Deployment", "Service", "Ingress", "ConfigMap", "Secret", "PodDisruptionBudget");

        Map<String, Object> spec = map(byKind.get("Deployment").get("spec"));
        assertThat((Integer) spec.get("replicas")).isGreaterThanOrEqualTo(2);
        Map<String, Object> labels = map(map(spec.get("selector")).get("matchLabels"));
        Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
        assertThat(map(map(map(spec.get("template")).get("metadata")).get("labels"))).containsAllEntriesOf(labels);
        assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        Map<String, Object> container = map(list(pod.get("containers")).get(0));
        Map<String, Object> ports = new HashMap<>();
        for (Object p : list(container.get("ports"))) {
            ports.put((String) map(p).get("name"), map(p).get("containerPort"));
        }
        assertThat(ports).containsEntry("http", 8080).containsEntry("management", 9000);
        Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        probes.forEach((probe, path) -> {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            assertThat(get).as(probe).containsEntry("path", path).containsEntry("port", "management");
        });
        Map<String, Object> resourcesOf = map(container.get("resources"));
        assertThat(map(resourcesOf.get("requests"))).containsKeys("cpu", "memory");
        assertThat(map(resourcesOf.get("limits"))).containsKeys("cpu", "memory");
        assertThat(map(container.get("securityContext"))).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true);

        Set<String> provided = new HashSet<>(map(map(byKind.get("ConfigMap")).get("data")).keySet());
        provided.addAll(map(map(byKind.get("Secret")).get("stringData")).keySet());
        assertThat(provided).as("ConfigMap and Secret together give the app what it needs").containsAll(REQUIRED);
        List<String> sources = new ArrayList<>();
        for (Object from : list(container.get("envFrom"))) {
            map(from).values().forEach(ref -> sources.add((String) map(ref).get("name")));
        }
        assertThat(sources).containsExactlyInAnyOrder(name(byKind.get("ConfigMap")), name(byKind.get("Secret")));

        assertThat(map(map(byKind.get("PodDisruptionBudget").get("spec")).get("selector")).get("matchLabels")).isEqualTo(labels);
        Map<String, Object> service = map(byKind.get("Service").get("spec"));
        assertThat(map(service.get("selector"))).isEqualTo(labels);
        assertThat(list(service.get("ports"))).as("the Service exposes the public port only").hasSize(1);
        assertThat(map(list(service.get("ports")).get(0))).containsEntry("targetPort", "http");
        String ingress = String.valueOf(byKind.get("Ingress").get("spec"));
        assertThat(ingress).contains("name=" + name(byKind.get("Service"))).doesNotContain("9000").doesNotContain("management");
    }

    @Test
    void theRealmSignsPeopleInWithGroupsAndTheOperatorRole() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(Path.of("deploy/keycloak/reelgate-realm.json").toFile());
        assertThat(realm.path("realm").asText()).isEqualTo("reelgate");
        JsonNode client = realm.path("clients").get(0);
        assertThat(client.path("clientId").asText()).isEqualTo("reelgate");
        assertThat(client.path("publicClient").asBoolean()).isFalse();
        assertThat(client.path("redirectUris").toString()).contains("${REELGATE_PUBLIC_URL}/*");
        JsonNode mapper = client.path("protocolMappers").get(0);
        assertThat(mapper.path("protocolMapper").asText()).isEqualTo("oidc-group-membership-mapper");
        assertThat(mapper.path("config").path("claim.name").asText()).isEqualTo("groups");
        assertThat(mapper.path("config").path("full.path").asText()).as("/teams/acme, as the app expects").isEqualTo("true");
        assertThat(realm.path("roles").path("realm").toString()).contains("\"operator\"");
        Map<String, JsonNode> users = new HashMap<>();
        realm.path("users").forEach(u -> users.put(u.path("username").asText(), u));
        assertThat(users).containsKeys("olivia", "alice", "bob");
        users.values().forEach(u -> assertThat(u.path("credentials").get(0).path("type").asText()).isEqualTo("password"));
        assertThat(users.get("olivia").path("realmRoles").toString()).contains("operator");
        assertThat(users.get("alice").path("groups").toString()).contains("/teams/acme/admins");
        assertThat(users.get("bob").path("groups").toString()).contains("/teams/acme");
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("deploy/compose/.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                assertThat(eq).as(".env.example line %s", line).isPositive();
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // compose.yaml's x-reelgate anchors are merged (<<) like compose does
        return new Yaml(options).load(Files.readString(Path.of(file)));
    }

    private static String name(Map<String, Object> doc) {
        return (String) map(doc.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        list(o).forEach(x -> out.add((String) x));
        return out;
    }
}
