package io.reelgate.budget;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.reelgate.audit.AuditTrail;
import io.reelgate.team.Member;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;

/**
 * A team's budget settings page as one change: budget, reset day, time zone, cap mode and
 * allowance, default and per-member caps, alert thresholds and alert recipients. Everything is
 * validated first (each problem by field) and written in one transaction with one audit row per
 * changed value; with any problem nothing is written.
 */
@ApplicationScoped
public class TeamSettings {

    /** The form as typed. {@code capUsers} and {@code caps} are parallel lists (one cap field per member). */
    public record Form(BudgetSettings.Form budget, String timeZone, List<Long> capUsers, List<String> caps,
            List<Long> recipients) {
    }

    /** Region time zones (Europe/Berlin, ...) and UTC, sorted; computed once. */
    private static final List<String> ZONES = zoneList();
    private static final Set<String> ZONE_SET = Set.copyOf(ZONES);

    private final BudgetSettings budgets;
    private final TeamDirectory teams;
    private final AuditTrail audit;
    private final EntityManager em;
    private final io.reelgate.identity.UserDirectory users;

    TeamSettings(BudgetSettings budgets, TeamDirectory teams, AuditTrail audit, EntityManager em,
            io.reelgate.identity.UserDirectory users) {
        this.users = users;
        this.budgets = budgets;
        this.teams = teams;
        this.audit = audit;
        this.em = em;
    }

    /** Time zones offered by the form (region ids such as Europe/Berlin, and UTC). */
    public static List<String> zones() {
        return ZONES;
    }

    /** Whether the form would offer this zone. */
    public static boolean knownZone(String zone) {
        return zone != null && ZONE_SET.contains(zone.trim());
    }

    private static List<String> zoneList() {
        List<String> zones = new ArrayList<>();
        zones.add("UTC");
        new TreeSet<>(ZoneId.getAvailableZoneIds()).stream()
                .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/")).forEach(zones::add);
        return List.copyOf(zones);
    }

    /** Saves the form; returns the problems by field (empty: saved). */
    @Transactional
    public Map<String, String> save(long teamId, long actorId, Form form) {
        Map<String, String> errors = new LinkedHashMap<>();
        BudgetSettings.Validation validation = budgets.validate(form.budget());
        errors.putAll(validation.errors());
        String zone = form.timeZone() == null ? "" : form.timeZone().trim();
        if (!knownZone(zone)) {
            errors.put("timeZone", "Choose a time zone from the list, such as Europe/Berlin or UTC.");
        }
        Set<Long> members = new HashSet<>(teams.members(teamId).stream().map(Member::userId).toList());
        Map<Long, Money> caps = new LinkedHashMap<>();
        for (int i = 0; i < form.capUsers().size(); i++) {
            long user = form.capUsers().get(i);
            String text = i < form.caps().size() ? form.caps().get(i) : "";
            if (!members.contains(user)) {
                errors.put("cap-" + user, "That person is no longer a member of this team.");
                continue;
            }
            Money cap = budgets.optionalAmount(text, "cap-" + user, errors);
            caps.put(user, cap);
        }
        for (long user : form.recipients()) {
            if (!members.contains(user)) {
                errors.put("recipients", "Alert recipients must be members of the team.");
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        Team team = teams.byId(teamId).orElseThrow();
        BudgetSettings.Settings before = budgets.current(teamId);
        Map<Long, Money> capsBefore = budgets.memberCaps(teamId);
        List<Long> recipientsBefore = recipients(teamId);
        String zoneBefore = team.timeZone;

        budgets.update(teamId, form.budget());
        BudgetSettings.Settings after = validation.settings();
        audit.record(teamId, actorId, "budget.amount", "Monthly budget", before.amount().display(), after.amount().display());
        audit.record(teamId, actorId, "budget.reset-day", "Reset day", before.resetDay(), after.resetDay());
        audit.record(teamId, actorId, "budget.cap-mode", "Cap", capLabel(before), capLabel(after));
        audit.record(teamId, actorId, "budget.member-cap", "Default member cap", money(before.memberCap()),
                money(after.memberCap()));
        audit.record(teamId, actorId, "budget.thresholds", "Alert thresholds", percents(before.thresholds()),
                percents(after.thresholds()));
        if (!zone.equals(zoneBefore)) {
            em.createNativeQuery("update team set time_zone = ?1 where id = ?2").setParameter(1, zone).setParameter(2, teamId)
                    .executeUpdate();
            audit.record(teamId, actorId, "team.time-zone", "Time zone", zoneBefore, zone);
        }
        Map<Long, String> names = names(caps.keySet());
        caps.forEach((user, cap) -> {
            Money old = capsBefore.get(user);
            if (!Objects.equals(old, cap)) {
                budgets.setMemberCap(teamId, user, Optional.ofNullable(cap));
                audit.record(teamId, actorId, "budget.member-cap", "Cap of " + names.get(user), money(old), money(cap));
            }
        });
        List<Long> wanted = form.recipients().stream().distinct().sorted().toList();
        if (!wanted.equals(recipientsBefore)) {
            em.createNativeQuery("delete from alert_recipient where team_id = ?1").setParameter(1, teamId).executeUpdate();
            for (long user : wanted) {
                em.createNativeQuery("insert into alert_recipient (team_id, user_id) values (?1, ?2)").setParameter(1, teamId)
                        .setParameter(2, user).executeUpdate();
            }
            audit.record(teamId, actorId, "alerts.recipients", "Alert recipients", recipientNames(recipientsBefore),
                    recipientNames(wanted));
        }
        return Map.of();
    }

    /** Sets only the monthly budget (the operator view); returns the problem, or null when saved. */
    @Transactional
    public String setAmount(long teamId, long actorId, String amount) {
        BudgetSettings.Settings s = budgets.current(teamId);
        BudgetSettings.Form form = new BudgetSettings.Form(amount, Integer.toString(s.resetDay()), s.capMode().name(),
                Integer.toString(s.softAllowancePct()), s.memberCap() == null ? "" : s.memberCap().plain(),
                s.thresholds().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
        BudgetSettings.Validation v = budgets.update(teamId, form);
        if (!v.valid()) {
            return v.errors().values().iterator().next();
        }
        audit.record(teamId, actorId, "budget.amount", "Monthly budget", s.amount().display(), v.settings().amount().display());
        return null;
    }

    /** A removed member no longer gets the team's alerts (in the removal's transaction). */
    void onMemberRemoved(@jakarta.enterprise.event.Observes io.reelgate.team.MemberRemoved removed) {
        em.createNativeQuery("delete from alert_recipient where team_id = ?1 and user_id = ?2")
                .setParameter(1, removed.teamId()).setParameter(2, removed.userId()).executeUpdate();
    }

    /** The team's chosen alert recipients (empty: the admins get alerts). */
    @Transactional
    public List<Long> recipients(long teamId) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select user_id from alert_recipient where team_id = ?1 order by user_id")
                .setParameter(1, teamId).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** Display names by user id, in one query. */
    private Map<Long, String> names(java.util.Collection<Long> ids) {
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, io.reelgate.identity.User> found = users.byIds(ids);
        for (long id : ids) {
            names.put(id, found.containsKey(id) ? found.get(id).displayName : "user " + id);
        }
        return names;
    }

    private String recipientNames(List<Long> ids) {
        if (ids.isEmpty()) {
            return "All team admins";
        }
        return String.join(", ", names(ids).values());
    }

    private static String capLabel(BudgetSettings.Settings s) {
        return s.capMode().name().equals("SOFT") ? "Soft, " + s.softAllowancePct() + " % allowance" : "Hard";
    }

    private static String money(Money m) {
        return m == null ? "None" : m.display();
    }

    private static String percents(List<Integer> values) {
        return values.isEmpty() ? "None" : String.join(", ", values.stream().map(v -> v + " %").toList());
    }
}
