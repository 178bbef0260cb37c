package io.reelgate.provider.vertex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;

/**
 * OAuth2 access tokens for Vertex AI, the way Google's libraries get them
 * ({@code google-auth-library-oauth2-http}): a service-account key file, or Application Default
 * Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's file, the metadata server of GCE/GKE
 * with workload identity). The library caches the token and refreshes it before it expires, one
 * refresh shared by every caller; a 401 forces one refresh ({@link #refreshAfterRejection}), and
 * only the first of the workers holding the rejected token does it.
 *
 * <p>The key's secret stays inside the library's credential object: nothing here logs, shows or
 * stores it; what the operator sees is {@link #identity()} (service-account email, project) and the
 * last refresh. A key file that cannot be read is one clear {@link #problem()} at start, not a
 * stack trace per job.
 */
public final class VertexCredentials {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final Logger LOG = Logger.getLogger(VertexCredentials.class);

    private final String provider;
    private final GoogleCredentials loaded;
    private final Supplier<Optional<URI>> tokenUri;
    private final String identity;
    private final String projectFromCredentials;
    private final String problem;
    private final AtomicInteger refreshes = new AtomicInteger();
    private GoogleCredentials credentials;
    private volatile Instant lastRefresh;
    private volatile String refreshProblem;

    private VertexCredentials(String provider, GoogleCredentials loaded, Supplier<Optional<URI>> tokenUri, String identity,
            String project, String problem) {
        this.provider = provider;
        this.loaded = loaded;
        this.tokenUri = tokenUri;
        this.identity = identity;
        this.projectFromCredentials = project;
        this.problem = problem;
    }

    /**
     * Loads the credentials: the key file when one is named ({@code classpath:} for one shipped in
     * the jar, the simulator's), else Application Default Credentials. {@code tokenUri} replaces the
     * key file's token endpoint (the simulator's, known once the server listens: read at the first
     * token). Never throws: a failure is the {@link #problem()}.
     */
    public static VertexCredentials load(String provider, Optional<String> keyFile, Supplier<Optional<URI>> tokenUri) {
        String source = keyFile.map(f -> "the key file " + f).orElse("Application Default Credentials");
        try {
            GoogleCredentials loaded;
            String identity;
            String project;
            if (keyFile.isPresent()) {
                ServiceAccountCredentials account;
                try (InputStream in = open(keyFile.get())) {
                    account = ServiceAccountCredentials.fromStream(in);
                }
                identity = account.getClientEmail();
                project = account.getProjectId();
                loaded = account;
            } else {
                loaded = GoogleCredentials.getApplicationDefault();
                identity = loaded instanceof ServiceAccountCredentials sa ? sa.getClientEmail()
                        : "Application Default Credentials (" + loaded.getClass().getSimpleName() + ")";
                project = loaded instanceof ServiceAccountCredentials sa ? sa.getProjectId() : loaded.getQuotaProjectId();
            }
            return new VertexCredentials(provider, loaded, tokenUri, identity, project, null);
        } catch (IOException | RuntimeException e) {
            // the library's messages name the file and the missing field, never the key's contents
            String problem = "Vertex AI credentials of provider " + provider + " could not be loaded from " + source + ": "
                    + describe(e);
            LOG.error(problem);
            return new VertexCredentials(provider, null, Optional::empty, null, null, problem);
        }
    }

    /**
     * The credentials of a service-account key file uploaded in the operator console (its JSON);
     * like {@link #load}, never throws, and no message quotes the key.
     */
    public static VertexCredentials fromJson(String provider, String keyJson, Supplier<Optional<URI>> tokenUri) {
        try (InputStream in = new java.io.ByteArrayInputStream(keyJson.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(in);
            return new VertexCredentials(provider, account, tokenUri, account.getClientEmail(), account.getProjectId(), null);
        } catch (IOException | RuntimeException e) {
            String problem = "Vertex AI credentials of provider " + provider + " could not be read from the uploaded key file: "
                    + safe(e);
            LOG.error(problem);
            return new VertexCredentials(provider, null, Optional::empty, null, null, problem);
        }
    }

    /**
     * Why {@code keyJson} is not a service-account key file, in one sentence, or empty when it is
     * one (the console refuses anything else before storing it).
     */
    public static Optional<String> notAServiceAccount(String keyJson) {
        try (InputStream in = new java.io.ByteArrayInputStream(keyJson.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(in);
            return account.getClientEmail() == null ? Optional.of("The key file names no client_email") : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("This is not a Google Cloud service-account key file (" + safe(e) + ")");
        }
    }

    /** The scoped credentials, made at the first use (with the token endpoint override, if any). */
    private synchronized GoogleCredentials credentials() throws IOException {
        if (loaded == null) {
            throw new IOException(problem);
        }
        if (credentials == null) {
            GoogleCredentials base = loaded;
            Optional<URI> endpoint = tokenUri.get();
            if (endpoint.isPresent() && base instanceof ServiceAccountCredentials account) {
                base = account.toBuilder().setTokenServerUri(endpoint.get()).build();
            }
            GoogleCredentials scoped = base.createScoped(List.of(SCOPE));
            scoped.addChangeListener(changed -> {
                lastRefresh = Instant.now();
                refreshes.incrementAndGet();
                refreshProblem = null;
            });
            credentials = scoped;
        }
        return credentials;
    }

    private static InputStream open(String keyFile) throws IOException {
        if (keyFile.startsWith("classpath:")) {
            String resource = keyFile.substring("classpath:".length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no resource " + resource + " on the class path");
            }
            return in;
        }
        Path path = Path.of(keyFile);
        if (!Files.isReadable(path)) {
            throw new IOException("the file " + path.toAbsolutePath() + " does not exist or cannot be read");
        }
        return new ByteArrayInputStream(Files.readAllBytes(path));
    }

    /** A token valid for a while yet (the library refreshes it first when it is about to expire). */
    String token() throws IOException {
        GoogleCredentials credentials = credentials();
        try {
            credentials.refreshIfExpired();
        } catch (IOException e) {
            refreshFailed(e);
            throw e;
        }
        AccessToken token = credentials.getAccessToken();
        if (token == null) {
            throw new IOException("the credentials gave no access token");
        }
        return token.getTokenValue();
    }

    /**
     * The API refused {@code rejected} (401): refresh once, unless another worker already replaced
     * that token, and answer the token to retry with.
     */
    String refreshAfterRejection(String rejected) throws IOException {
        GoogleCredentials credentials = credentials();
        synchronized (this) {
            AccessToken current = credentials.getAccessToken();
            if (current == null || current.getTokenValue().equals(rejected)) {
                try {
                    credentials.refresh();
                } catch (IOException e) {
                    refreshFailed(e);
                    throw e;
                }
            }
        }
        return token();
    }

    private void refreshFailed(IOException e) {
        boolean first = refreshProblem == null;
        refreshProblem = "Getting an access token for " + identity + " failed: " + describe(e);
        if (first) {
            LOG.errorf("Provider %s: %s", provider, refreshProblem);
        }
    }

    /** {@link #describe}, but never anything that could be a piece of an uploaded key (parsers quote their input). */
    private static String safe(Exception e) {
        String d = describe(e);
        return d.contains("KEY") || d.contains("{") || d.length() > 160 ? e.getClass().getSimpleName() : d;
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // token endpoint errors arrive as a multi-line HTTP dump; its first line says what went wrong
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline).strip() : message.strip();
    }

    /** Why the credentials cannot be used at all (a broken key file, no ADC), or null. */
    public String problem() {
        return problem;
    }

    /** The last failed token request, cleared by the next successful one; or null. */
    public String refreshProblem() {
        return refreshProblem;
    }

    /** Who Vertex sees: the service account's email, or the kind of Application Default Credentials. */
    public String identity() {
        return identity;
    }

    /** The project the key file or ADC names (the configured project wins). */
    public Optional<String> project() {
        return Optional.ofNullable(projectFromCredentials).filter(p -> !p.isBlank());
    }

    public Instant lastRefresh() {
        return lastRefresh;
    }

    /** Tokens obtained so far by this instance (one per token lifetime when all goes well). */
    public int refreshes() {
        return refreshes.get();
    }
}
