package io.reelgate.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.web.SqlRow;

/**
 * The providers added in the operator console, table {@code console_provider}: each row is the
 * provider's settings as configuration properties (full keys), its secrets sealed by
 * {@link SecretBox} with a hint each, and whether it takes work. Every write bumps
 * {@code provider_revision}, which each instance polls ({@link ProviderReload}).
 */
@ApplicationScoped
public class ConsoleProviders {

    /** One stored provider; {@code sealed} maps a secret property to its sealed value. */
    public record Row(String name, Map<String, String> properties, Map<String, String> sealed, Map<String, String> hints,
            boolean enabled, Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() { };

    private final EntityManager em;
    private final ObjectMapper json;

    ConsoleProviders(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    @Transactional
    public List<Row> all() {
        return SqlRow.list(em.createNativeQuery("""
                select c.name, c.properties, c.secrets, c.secret_hints, c.enabled, c.created_at, c.updated_at,
                       coalesce(u.display_name, 'an operator') as actor
                from console_provider c left join app_user u on u.id = c.updated_by order by c.name
                """, Tuple.class)).stream().map(r -> new Row(r.string("name"), read(r.string("properties")),
                read(r.string("secrets")), read(r.string("secret_hints")), r.bool("enabled"), r.instant("created_at"),
                r.instant("updated_at"), r.string("actor"))).toList();
    }

    @Transactional
    public Optional<Row> find(String name) {
        return all().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Inserts or replaces a provider's row, in the caller's transaction (which audits it), and bumps the revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(Row row, long actorId, Instant at) {
        em.createNativeQuery("""
                insert into console_provider (name, properties, secrets, secret_hints, enabled, created_by, created_at,
                                              updated_by, updated_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)
                on conflict (name) do update set properties = excluded.properties, secrets = excluded.secrets,
                    secret_hints = excluded.secret_hints, enabled = excluded.enabled, updated_by = excluded.updated_by,
                    updated_at = excluded.updated_at
                """).setParameter(1, row.name()).setParameter(2, write(row.properties())).setParameter(3, write(row.sealed()))
                .setParameter(4, write(row.hints())).setParameter(5, row.enabled()).setParameter(6, actorId)
                .setParameter(7, at).executeUpdate();
        bump();
    }

    /** Tells every instance to reload providers and prices, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void bump() {
        em.createNativeQuery("update provider_revision set revision = revision + 1 where id = 1").executeUpdate();
    }

    /** The current revision (its own short transaction: the pollers call it every few seconds). */
    @Transactional
    public long revision() {
        return ((Number) em.createNativeQuery("select revision from provider_revision where id = 1").getSingleResult())
                .longValue();
    }

    private String write(Map<String, String> map) {
        try {
            return json.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("console_provider holds unreadable JSON", e);
        }
    }
}
