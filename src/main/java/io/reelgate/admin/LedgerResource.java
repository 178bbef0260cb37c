package io.reelgate.admin;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.budget.LedgerKind;
import io.reelgate.budget.Money;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamAdminOnly;
import io.reelgate.web.FormValidator;
import io.reelgate.web.Formats;
import io.reelgate.web.IsoDate;

/**
 * The team's ledger for its admins ({@code /t/{team}/admin/ledger}): every entry with its member
 * and video, filtered by kind and dates, newest first with keyset pages; and the same rows as a
 * streamed CSV ({@code ledger.csv}) read with a database cursor, never held in memory whole.
 */
@Path("/t/{team}/admin/ledger")
@TeamAdminOnly
public class LedgerResource {

    static final int PAGE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ledger(Team team, Filter filter, List<Row> rows, String next);
    }

    /** The filters as typed and their problems. */
    public record Filter(String kind, String from, String to, Map<String, String> errors) {
        public String error(String field) {
            return errors.get(field);
        }

        public String params() {
            return "kind=" + Formats.url(kind) + "&from=" + Formats.url(from) + "&to=" + Formats.url(to);
        }

        public List<String> kinds() {
            return java.util.Arrays.stream(LedgerKind.values()).map(Enum::name).toList();
        }
    }

    /** One ledger entry as shown. */
    /** {@code storyboardId}/{@code storyboard}: the storyboard a shot's or a hold's entry belongs to (null: none). */
    public record Row(long id, Instant at, String kind, String amount, String effect, String member, Long jobId,
            String prompt, String note, Long storyboardId, String storyboard) {
    }

    private final CurrentTeam team;
    private final DataSource dataSource;
    private final FormValidator validator;

    LedgerResource(CurrentTeam team, DataSource dataSource, FormValidator validator) {
        this.team = team;
        this.validator = validator;
        this.dataSource = dataSource;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("kind") String kind, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("after") Long after) throws SQLException {
        Filter filter = filter(kind, from, to);
        List<Row> rows = new ArrayList<>();
        String next = null;
        if (filter.errors().isEmpty()) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = query(c, filter, after, PAGE + 1);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            if (rows.size() > PAGE) {
                rows = rows.subList(0, PAGE);
                next = Long.toString(rows.get(PAGE - 1).id());
            }
        }
        return Response.status(filter.errors().isEmpty() ? 200 : 400)
                .entity(Templates.ledger(team.team(), filter, rows, next)).build();
    }

    @GET
    @Path("ledger.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("kind") String kind, @QueryParam("from") String from, @QueryParam("to") String to) {
        Filter filter = filter(kind, from, to);
        if (!filter.errors().isEmpty()) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity(String.join("\n", filter.errors().values()) + "\n").build();
        }
        StreamingOutput body = out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            w.write(Csv.row("id", "time_utc", "period_start", "kind", "amount_usd", "effect_usd", "member", "member_email",
                    "job_id", "model", "prompt", "note"));
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false); // a cursor: rows arrive 1,000 at a time
                try (PreparedStatement ps = query(c, filter, null, null)) {
                    ps.setFetchSize(1_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            LedgerKind k = LedgerKind.valueOf(rs.getString("kind"));
                            long micros = rs.getLong("amount_micros");
                            long jobId = rs.getLong("job_id");
                            w.write(Csv.row(Long.toString(rs.getLong("id")),
                                    Csv.raw(rs.getTimestamp("created_at").toInstant().toString()),
                                    Csv.raw(rs.getObject("period_start", LocalDate.class).toString()), k.name(),
                                    usd(micros), usd(effect(k, micros)), Csv.text(rs.getString("display_name")),
                                    Csv.text(rs.getString("email")), jobId == 0 ? "" : Long.toString(jobId),
                                    Csv.text(rs.getString("model")), Csv.text(rs.getString("prompt")),
                                    Csv.text(rs.getString("note"))));
                        }
                    }
                }
                c.rollback();
            } catch (SQLException e) {
                throw new java.io.IOException("ledger export failed", e);
            }
            w.flush();
        };
        return Response.ok(body).type("text/csv; charset=utf-8").header("Content-Disposition",
                "attachment; filename=\"reelgate-" + team.slug() + "-ledger.csv\"").build();
    }

    private PreparedStatement query(Connection c, Filter filter, Long after, Integer limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select l.id, l.created_at, l.period_start, l.kind, l.amount_micros, l.note, "
                + "u.display_name, u.email, j.id as job_id, j.model, j.prompt, b.id as storyboard_id, "
                + "b.title as storyboard_title from ledger_entry l "
                + "left join app_user u on u.id = l.member_id "
                + "left join video_job j on j.reservation_id = l.reservation_id and j.team_id = l.team_id "
                // a shot's entries name its storyboard through the job, a hold's through the hold
                + "left join storyboard_hold h on h.reservation_id = l.reservation_id "
                + "left join storyboard b on b.id = coalesce(j.storyboard_id, h.storyboard_id) and b.team_id = l.team_id "
                + "where l.team_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(team.id());
        if (!filter.kind().isEmpty()) {
            sql.append(" and l.kind = ?");
            params.add(filter.kind());
        }
        if (!filter.from().isEmpty()) {
            sql.append(" and l.created_at >= ?");
            params.add(Timestamp.from(LocalDate.parse(filter.from()).atStartOfDay(team.team().zone()).toInstant()));
        }
        if (!filter.to().isEmpty()) {
            sql.append(" and l.created_at < ?");
            params.add(Timestamp.from(LocalDate.parse(filter.to()).plusDays(1).atStartOfDay(team.team().zone()).toInstant()));
        }
        if (after != null) {
            sql.append(" and l.id < ?");
            params.add(after);
        }
        sql.append(" order by l.id desc");
        if (limit != null) {
            sql.append(" limit ").append(limit);
        }
        PreparedStatement ps = c.prepareStatement(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    private static Row row(ResultSet rs) throws SQLException {
        LedgerKind kind = LedgerKind.valueOf(rs.getString("kind"));
        long micros = rs.getLong("amount_micros");
        long jobId = rs.getLong("job_id");
        Long job = rs.wasNull() ? null : jobId;
        String prompt = rs.getString("prompt");
        Long storyboard = rs.getObject("storyboard_id") == null ? null : rs.getLong("storyboard_id");
        return new Row(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(), kind.name().toLowerCase(Locale.ROOT),
                Money.ofMicros(micros).display(), effectText(kind, micros), rs.getString("display_name"), job,
                prompt == null ? null : Formats.shorten(prompt, 80), note(job, storyboard, kind, rs.getString("note")),
                storyboard, rs.getString("storyboard_title"));
    }

    /** A storyboard hold's entries say what happened to the hold; other notes are shown as written. */
    private static String note(Long job, Long storyboard, LedgerKind kind, String note) {
        if (job != null || storyboard == null || kind != LedgerKind.RELEASE && kind != LedgerKind.RESERVE) {
            return note;
        }
        if (kind == LedgerKind.RESERVE) {
            return note == null ? "held for a shot" : note;
        }
        if ("SHOT_SUBMITTED".equals(note)) {
            return "passed to the shot's own reservation";
        }
        return "CANCELED_BEFORE_SUBMISSION".equals(note) ? "released: the storyboard was stopped" : note;
    }

    /** What the entry did to the money: spend for charges, refunds and adjustments; the reservation otherwise. */
    private static String effectText(LedgerKind kind, long micros) {
        return switch (kind) {
            case RESERVE -> "reserved +" + Money.ofMicros(micros).display();
            case RELEASE -> "reserved −" + Money.ofMicros(micros).display();
            case CHARGE -> "spent +" + Money.ofMicros(micros).display();
            case REFUND -> "spent −" + Money.ofMicros(micros).display();
            case ADJUSTMENT -> "spent " + (micros < 0 ? "−" : "+") + Money.ofMicros(Math.abs(micros)).display();
        };
    }

    /** The entry's effect on spend in micros (0 for reservations). */
    private static long effect(LedgerKind kind, long micros) {
        return switch (kind) {
            case CHARGE, ADJUSTMENT -> micros;
            case REFUND -> -micros;
            case RESERVE, RELEASE -> 0;
        };
    }

    private static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }

    /** The filter's dates as typed; the kind is checked against the enum. */
    record Dates(@IsoDate String from, @IsoDate String to) {
    }

    private Filter filter(String kind, String from, String to) {
        String k = kind == null ? "" : kind.trim().toUpperCase(Locale.ROOT);
        String f = from == null ? "" : from.trim();
        String t = to == null ? "" : to.trim();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!k.isEmpty() && java.util.Arrays.stream(LedgerKind.values()).noneMatch(v -> v.name().equals(k))) {
            errors.put("kind", "Choose a kind from the list.");
        }
        errors.putAll(validator.errors(new Dates(f, t)));
        if (errors.isEmpty() && !f.isEmpty() && !t.isEmpty() && LocalDate.parse(f).isAfter(LocalDate.parse(t))) {
            errors.put("to", "The end date is before the start date.");
        }
        return new Filter(k, f, t, errors);
    }
}
