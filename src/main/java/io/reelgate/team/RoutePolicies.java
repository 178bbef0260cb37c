package io.reelgate.team;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.web.SqlRow;

/**
 * How a team's admin narrowed the route policy of a model sold by several providers (table
 * {@code team_route_policy}): ordered, cheapest or pinned to one route, and routes the team may
 * not use (data residency, contracts). A team without a row follows the operator's policy.
 * The values are checked against the model's routes by the caller; this stores them.
 */
@ApplicationScoped
public class RoutePolicies {

    /**
     * One team's choice for one model: {@code policy} {@code ORDERED}, {@code CHEAPEST} or
     * {@code PINNED}, or null to follow the operator's whatever it becomes; {@code pin} the pinned
     * route ({@code provider/model}) or null; {@code excluded} routes the team may not use.
     */
    public record TeamPolicy(String modelId, String policy, String pin, Set<String> excluded) {
        public TeamPolicy {
            excluded = Set.copyOf(excluded);
        }

        public boolean excludes(String route) {
            return excluded.contains(route);
        }
    }

    private final EntityManager em;

    RoutePolicies(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public Optional<TeamPolicy> find(long teamId, String modelId) {
        return all(teamId).values().stream().filter(p -> p.modelId().equals(modelId)).findFirst();
    }

    /** The team's policies by model id. */
    @Transactional
    public Map<String, TeamPolicy> all(long teamId) {
        Map<String, TeamPolicy> out = new TreeMap<>();
        for (SqlRow r : SqlRow.list(em.createNativeQuery("""
                select model_id, policy, pin, array_to_string(excluded, chr(10)) as excluded
                from team_route_policy where team_id = ?1
                """, Tuple.class).setParameter(1, teamId))) {
            String excluded = r.string("excluded");
            Set<String> routes = excluded == null || excluded.isEmpty() ? Set.of()
                    : new TreeSet<>(Arrays.asList(excluded.split("\n")));
            out.put(r.string("model_id"), new TeamPolicy(r.string("model_id"), r.string("policy"), r.string("pin"), routes));
        }
        return out;
    }

    /** Stores the team's policy for the model, replacing the one before. */
    @Transactional
    public void save(long teamId, TeamPolicy policy) {
        em.createNativeQuery("""
                insert into team_route_policy (team_id, model_id, policy, pin, excluded, updated_at)
                values (?1, ?2, cast(?3 as text), cast(?4 as text), string_to_array(?5, chr(10)), now())
                on conflict (team_id, model_id) do update set policy = excluded.policy, pin = excluded.pin,
                    excluded = excluded.excluded, updated_at = excluded.updated_at
                """).setParameter(1, teamId).setParameter(2, policy.modelId()).setParameter(3, policy.policy())
                .setParameter(4, policy.pin()).setParameter(5, String.join("\n", new TreeSet<>(policy.excluded())))
                .executeUpdate();
    }

    /** Back to the operator's policy for this model. */
    @Transactional
    public void reset(long teamId, String modelId) {
        em.createNativeQuery("delete from team_route_policy where team_id = ?1 and model_id = ?2")
                .setParameter(1, teamId).setParameter(2, modelId).executeUpdate();
    }
}
