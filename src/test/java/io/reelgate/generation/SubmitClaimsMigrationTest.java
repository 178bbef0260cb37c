package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.api.ApiKeys;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Videos;

/**
 * V17 moves the studio's form tokens and the API's Idempotency-Keys into the one claim table with
 * what each stored, in a scratch schema migrated to V16 first (rows copied from this test's team).
 */
@QuarkusTest
class SubmitClaimsMigrationTest {

    private static final String SCHEMA = "v17_claims_check";

    @Inject
    DataSource dataSource;
    @Inject
    Fixtures fixtures;
    @Inject
    Videos videos;
    @Inject
    ApiKeys keys;

    @Test
    void v17MovesFormTokensAndIdempotencyKeysIntoOneClaimTable() throws SQLException {
        Team team = fixtures.team("v17", Tier.PRO);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        long job = videos.row(team.id, member, "A claimed video", "sora-2", "COMPLETED",
                Instant.parse("2026-11-02T10:00:00Z"));
        long key = keys.create(team.id, member, "ci", null).id();
        String token = "t".repeat(43);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
            migrate("16");
            s.execute("set session_replication_role = replica"); // the copied rows' teams and users stay behind
            String jobColumns = "id, team_id, member_id, reservation_id, provider, model, size, seconds, prompt, priority, "
                    + "state, fingerprint, created_at, finished_at, next_attempt_at";
            s.execute("insert into " + SCHEMA + ".video_job (" + jobColumns + ") overriding system value select "
                    + jobColumns + " from public.video_job where id = " + job);
            s.execute("insert into " + SCHEMA + ".api_key overriding system value select * from public.api_key where id = "
                    + key);
            s.execute("insert into " + SCHEMA + ".studio_submission (token, team_id, job_id, created_at) values ('" + token
                    + "', " + team.id + ", " + job + ", '2026-11-02T10:00:00Z'), ('" + "u".repeat(43) + "', " + team.id
                    + ", -1, '2026-11-02T10:00:00Z')");
            s.execute("insert into " + SCHEMA + ".api_idempotency (api_key_id, idem_key, request_hash, job_id, created_at) "
                    + "values (" + key + ", 'retry-1', 'abc123', " + job + ", '2026-11-02T11:00:00Z')");
            s.execute("set session_replication_role = origin");
            migrate("17");

            List<String> claims = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select kind, scope_id, claim_key, team_id, request_hash, job_id, "
                    + "created_at at time zone 'UTC' as created, expires_at at time zone 'UTC' as expires from " + SCHEMA
                    + ".submit_claim order by kind")) {
                while (rs.next()) {
                    claims.add(rs.getString("kind") + " " + rs.getLong("scope_id") + " " + rs.getString("claim_key") + " "
                            + rs.getLong("team_id") + " " + rs.getString("request_hash") + " " + rs.getLong("job_id") + " "
                            + rs.getString("created") + " → " + rs.getString("expires"));
                }
            }
            assertThat(claims).as("the form token with its team and job, kept a day; the Idempotency-Key with its "
                    + "fingerprint and the key's team, kept 24 h; the token whose job never existed is dropped")
                    .containsExactly(
                            "FORM " + team.id + " " + token + " " + team.id + " null " + job
                                    + " 2026-11-02 10:00:00 → 2026-11-03 10:00:00",
                            "IDEMPOTENCY_KEY " + key + " retry-1 " + team.id + " abc123 " + job
                                    + " 2026-11-02 11:00:00 → 2026-11-03 11:00:00");
            try (ResultSet rs = s.executeQuery("select count(*) from information_schema.tables where table_schema = '"
                    + SCHEMA + "' and table_name in ('studio_submission', 'api_idempotency')")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "both old claim tables are dropped");
            }
            s.execute("drop schema " + SCHEMA + " cascade");
        }
    }

    private void migrate(String target) {
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).createSchemas(true).locations("classpath:db/migration")
                .target(target).load().migrate();
    }
}
