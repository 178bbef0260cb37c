package io.reelgate.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.reelgate.audit.AuditTrail;
import io.reelgate.web.SqlRow;
import io.reelgate.budget.BudgetPeriod;
import io.reelgate.budget.Money;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderHealth;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.VideoProvider;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.Invitations;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.web.FormValidator;

/**
 * What only operators do: create and archive teams, set tiers, enterprise limits and the models
 * a team may use, and see every team at a glance. Each change is audited in its own transaction.
 */
@ApplicationScoped
public class Operations {

    /** A team as the operator's table lists it. */
    public record TeamRow(long id, String slug, String name, Tier tier, String timeZone, boolean archived, String budget,
            String spent, int percent, long queue, long members, boolean restrictedModels) {
    }

    /** Failed jobs with one error code in the window. */
    public record FailureRow(String code, long jobs, long teams, Instant last) {
    }

    /** One enabled provider: what it is, what it can do, how it is doing (as this instance sees it). */
    public record ProviderRow(String name, String label, String kind, Capabilities capabilities, boolean webhooksActive,
            int upstreamPerMinute, List<String> models, String pricesAsOf, String priceNote,
            ProviderHealth.Snapshot health, VideoProvider.Account account) {
    }

    /** A provider's models for the allowed-models form ({@code provider/model} values). */
    public record ProviderModels(String provider, String label, List<String> models) {
        public String all() {
            return provider + "/*";
        }
    }

    private final EntityManager em;
    private final TeamDirectory teams;
    private final AuditTrail audit;
    private final Providers providers;
    private final Invitations invitations;
    private final ProviderHealth health;
    private final FormValidator validator;

    Operations(EntityManager em, TeamDirectory teams, AuditTrail audit, Providers providers, Invitations invitations,
            ProviderHealth health, FormValidator validator) {
        this.validator = validator;
        this.health = health;
        this.em = em;
        this.teams = teams;
        this.audit = audit;
        this.providers = providers;
        this.invitations = invitations;
    }

    @Transactional
    public List<TeamRow> teams(Instant now) {
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("""
                select t.id, t.slug, t.name, t.tier, t.time_zone, t.archived_at is not null as archived,
                       coalesce(b.amount_micros, -1) as budget_micros, coalesce(b.reset_day, 1) as reset_day,
                       t.allowed_models is not null as restricted_models,
                       (select count(distinct m.user_id) from membership m where m.team_id = t.id) as members
                from team t left join team_budget b on b.team_id = t.id
                order by t.archived_at is not null, lower(t.name), t.id
                """, Tuple.class));
        Map<Long, Long> queue = new HashMap<>();
        SqlRow.list(em.createNativeQuery("""
                select team_id, count(*) as jobs from video_job
                where state in ('ADMITTED', 'SUBMITTING', 'SUBMITTED', 'INGESTING', 'DERIVING') group by team_id
                """, Tuple.class)).forEach(q -> queue.put(q.longValue("team_id"), q.longValue("jobs")));
        Map<String, Long> spent = new HashMap<>();
        SqlRow.list(em.createNativeQuery(
                "select team_id, period_start, spent_micros from period_total where period_start > current_date - 40",
                Tuple.class)).forEach(t -> spent.put(t.longValue("team_id") + "/" + t.date("period_start"),
                        t.longValue("spent_micros")));
        List<TeamRow> out = new ArrayList<>();
        for (SqlRow r : rows) {
            long id = r.longValue("id");
            long budget = r.longValue("budget_micros");
            String zone = r.string("time_zone");
            LocalDate start = BudgetPeriod.containing(now, java.time.ZoneId.of(zone), r.intValue("reset_day")).start();
            long s = spent.getOrDefault(id + "/" + start, 0L);
            out.add(new TeamRow(id, r.string("slug"), r.string("name"), Tier.valueOf(r.string("tier")), zone,
                    r.bool("archived"), budget < 0 ? "Default" : Money.ofMicros(budget).display(), Money.ofMicros(s).display(),
                    budget <= 0 ? 0 : (int) (s * 100 / budget), queue.getOrDefault(id, 0L), r.longValue("members"),
                    r.bool("restricted_models")));
        }
        return out;
    }

    /** Failed jobs of the last {@code days} days by error code, most frequent first. */
    @Transactional
    public List<FailureRow> recentFailures(int days) {
        return SqlRow.list(em.createNativeQuery("""
                select coalesce(error_code, 'unknown') as code, count(*) as jobs, count(distinct team_id) as teams,
                       max(finished_at) as last
                from video_job where state = 'FAILED' and finished_at > now() - make_interval(days => ?1)
                group by 1 order by 2 desc, 1 limit 20
                """, Tuple.class).setParameter(1, days)).stream()
                .map(r -> new FailureRow(r.string("code"), r.longValue("jobs"), r.longValue("teams"), r.instant("last")))
                .toList();
    }

    /** Every provider/model pair the catalogs offer, as {@code provider/model}. */
    public List<String> allModels() {
        return modelsByProvider().stream().flatMap(p -> p.models().stream()).toList();
    }

    /** Every enabled provider's models, default provider first. */
    public List<ProviderModels> modelsByProvider() {
        List<ProviderModels> all = new ArrayList<>();
        for (VideoProvider p : ordered()) {
            all.add(new ProviderModels(p.name(), providers.label(p.name()),
                    p.catalog().models().stream().map(m -> p.name() + "/" + m.name()).toList()));
        }
        return all;
    }

    /** Every enabled provider with its capabilities and this instance's view of its health. */
    public List<ProviderRow> providers(Instant now) {
        List<ProviderRow> rows = new ArrayList<>();
        for (VideoProvider p : ordered()) {
            ProvidersConfig.Provider settings = providers.settings(p.name()).orElseThrow();
            boolean simulated = settings.simulated() || settings.type() == ProvidersConfig.Type.SIMULATOR;
            String format = switch (settings.type()) {
                case REPLICATE -> "Replicate predictions";
                case GEMINI -> "Gemini API (Veo)";
                case VERTEX -> "Vertex AI (Veo)";
                case OPENROUTER -> "OpenRouter videos";
                case FAL -> "fal.ai queue";
                case RUNWAY -> "Runway tasks · " + settings.runway().version();
                case XAI -> "xAI videos (REST, unconfirmed)";
                case OPENAI, SIMULATOR -> "OpenAI shape · " + settings.preset().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-');
            };
            String kind = format + (simulated ? " · simulated here" : "");
            rows.add(new ProviderRow(p.name(), providers.label(p.name()), kind, p.capabilities(),
                    providers.webhooks(p.name()), settings.upstreamRequestsPerMinute(),
                    p.catalog().models().stream().map(ModelCatalog.Model::name).toList(), p.catalog().pricesAsOf(),
                    p.catalog().priceNote(), health.snapshot(p.name(), now), p.account().orElse(null)));
        }
        return rows;
    }

    private List<VideoProvider> ordered() {
        List<VideoProvider> list = new ArrayList<>(providers.all());
        list.sort((a, b) -> a.name().equals(providers.defaultName()) ? -1
                : b.name().equals(providers.defaultName()) ? 1 : a.name().compareTo(b.name()));
        return list;
    }

    /** A new team and the invitation of its first admin. */
    public record Created(Team team, Invitations.Issued invitation) {
    }

    /**
     * Creates a team and invites its first admin by email, in one transaction; with any problem
     * (by field in {@code errors}) nothing is created and null is returned.
     */
    @Transactional
    public Created createTeam(String name, String slug, String tierText, String timeZone, String adminEmail,
            long actorId, Map<String, String> errors) {
        try {
            Invitations.email(adminEmail);
        } catch (ChangeRefused e) {
            errors.put("adminEmail", e.getMessage());
        }
        Team team = createTeam(name, slug, tierText, timeZone, actorId, errors);
        if (team == null) {
            return null;
        }
        return new Created(team, invitations.invite(team.id, adminEmail, TeamRole.ADMIN, false, actorId));
    }

    /** A new team as the operator typed it, trimmed, the address in lower case. */
    record NewTeam(
            @Size(min = 1, max = 80, message = "Give the team a name of {min} to {max} characters.") String name,
            @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?",
                    message = "Use 1 to 40 lowercase letters, digits and dashes, not starting or ending with a dash.")
            String slug) {

        static NewTeam of(String name, String slug) {
            return new NewTeam(name == null ? "" : name.trim(), slug == null ? "" : slug.trim().toLowerCase(Locale.ROOT));
        }
    }

    private Team createTeam(String name, String slug, String tierText, String timeZone, long actorId,
            Map<String, String> errors) {
        NewTeam form = NewTeam.of(name, slug);
        errors.putAll(validator.errors(form));
        if (!errors.containsKey("slug") && teams.bySlug(form.slug()).isPresent()) {
            errors.put("slug", "The address /t/" + form.slug() + " is taken; choose another.");
        }
        Tier tier = tier(tierText, errors);
        if (!io.reelgate.budget.TeamSettings.knownZone(timeZone)) {
            errors.put("timeZone", "Choose a time zone from the list.");
        }
        if (!errors.isEmpty()) {
            return null;
        }
        Team team = teams.create(form.slug(), form.name(), tier, timeZone.trim());
        audit.record(team.id, actorId, "team.created", form.name(), null, tier.label() + ", " + timeZone.trim());
        return team;
    }

    @Transactional
    public void setTier(long teamId, String tierText, long actorId) {
        Map<String, String> errors = new HashMap<>();
        Tier tier = tier(tierText, errors);
        if (!errors.isEmpty()) {
            throw new ChangeRefused(errors.get("tier"), 400);
        }
        Team team = team(teamId);
        Tier before = team.tier;
        team.tier = tier;
        audit.record(teamId, actorId, "team.tier", "Tier", before.label(), tier.label());
    }

    @Transactional
    public void setLimits(long teamId, String perMinute, String perDay, long actorId) {
        Team team = team(teamId);
        Integer rpm = optionalInt(perMinute, "requests per minute");
        Integer rpd = optionalInt(perDay, "requests per day");
        if ((rpm == null) != (rpd == null)) {
            throw new ChangeRefused("Set both limits for the team's own limits, or clear both to use its tier's.", 400);
        }
        if (rpm != null && rpm > rpd) {
            throw new ChangeRefused("Requests per minute (" + rpm + ") cannot be more than requests per day (" + rpd + ").", 400);
        }
        String before = limits(team.customRequestsPerMinute, team.customRequestsPerDay);
        try {
            teams.setCustomLimits(teamId, rpm, rpd);
        } catch (IllegalArgumentException e) {
            throw new ChangeRefused(e.getMessage(), 400);
        }
        audit.record(teamId, actorId, "team.limits", "Own rate limits", before, limits(rpm, rpd));
    }

    /**
     * Sets the providers and models the team may use: {@code provider/model} pairs, or
     * {@code provider/*} for every model of a provider, including ones added to its catalog later.
     * A selection that covers every provider completely means "all" (no restriction is stored).
     */
    @Transactional
    public void setModels(long teamId, List<String> chosen, long actorId) {
        team(teamId);
        List<ProviderModels> byProvider = modelsByProvider();
        List<String> all = allModels();
        Set<String> wanted = new TreeSet<>(chosen == null ? List.of() : chosen);
        for (String m : wanted) {
            boolean whole = byProvider.stream().anyMatch(p -> p.all().equals(m));
            if (!whole && !all.contains(m)) {
                throw new ChangeRefused("Unknown model " + m + ".", 400);
            }
        }
        // a provider chosen as a whole needs no list of its models
        for (ProviderModels p : byProvider) {
            if (wanted.contains(p.all())) {
                p.models().forEach(wanted::remove);
            }
        }
        if (wanted.isEmpty()) {
            throw new ChangeRefused("Choose at least one model; a team without models cannot generate anything.", 400);
        }
        Set<String> before = teams.allowedModels(teamId);
        boolean everything = byProvider.stream().allMatch(p -> wanted.contains(p.all())
                || wanted.containsAll(p.models()) && !p.models().isEmpty());
        Set<String> after = everything ? null : wanted;
        em.createNativeQuery("update team set allowed_models = cast(?1 as text[]) where id = ?2")
                .setParameter(1, after == null ? null : arrayLiteral(after)).setParameter(2, teamId)
                .executeUpdate();
        audit.record(teamId, actorId, "team.models", "Allowed models", before == null ? "All models" : String.join(", ", before),
                after == null ? "All models" : String.join(", ", after));
    }

    /** A PostgreSQL text[] literal whose elements are quoted (model names may hold any character). */
    private static String arrayLiteral(Set<String> values) {
        return "{" + String.join(",", values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"").toList()) + "}";
    }

    @Transactional
    public void setArchived(long teamId, boolean archived, long actorId) {
        Team team = team(teamId);
        if (team.archived() == archived) {
            return;
        }
        team.archivedAt = archived ? Instant.now() : null;
        audit.record(teamId, actorId, "team.archived", "Archived", archived ? "No" : "Yes", archived ? "Yes" : "No");
    }

    private static Team team(long teamId) {
        Team team = Team.findById(teamId);
        if (team == null) {
            throw new ChangeRefused("There is no such team.", 404);
        }
        return team;
    }

    private static Tier tier(String text, Map<String, String> errors) {
        try {
            return Tier.valueOf(String.valueOf(text).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.put("tier", "Choose one of the tiers.");
            return null;
        }
    }

    private static Integer optionalInt(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ChangeRefused("'" + text.trim() + "' is not a whole number of " + what + ".", 400);
        }
    }

    private static String limits(Integer rpm, Integer rpd) {
        return rpm == null ? "Tier limits" : rpm + "/min, " + rpd + "/day";
    }
}
