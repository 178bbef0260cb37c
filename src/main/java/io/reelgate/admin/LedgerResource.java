package io.reelgate.admin;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.budget.LedgerEntries;
import io.reelgate.budget.LedgerKind;
import io.reelgate.budget.Money;
import io.reelgate.budget.ReservationSequences;
import io.reelgate.generation.JobQueries;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamAdminOnly;
import io.reelgate.web.FormValidator;
import io.reelgate.web.Formats;
import io.reelgate.web.IsoDate;

/**
 * The team's ledger for its admins ({@code /t/{team}/admin/ledger}): every entry with its member
 * and video, filtered by kind and dates, newest first with keyset pages; and the same rows as a
 * streamed CSV ({@code ledger.csv}) read with a database cursor, never held in memory whole. The
 * entries are {@code budget/LedgerEntries}'; their jobs and storyboards are looked up per page.
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

    /**
     * One ledger entry as shown; {@code storyboardId}/{@code storyboard}: the storyboard a shot's or a
     * hold's entry belongs to (null: none).
     */
    public record Row(long id, Instant at, String kind, String amount, String effect, String member, Long jobId,
            String prompt, String note, Long storyboardId, String storyboard) {
    }

    private final CurrentTeam team;
    private final LedgerEntries entries;
    private final JobQueries jobs;
    private final ReservationSequences sequences;
    private final FormValidator validator;

    LedgerResource(CurrentTeam team, LedgerEntries entries, JobQueries jobs, ReservationSequences sequences,
            FormValidator validator) {
        this.team = team;
        this.entries = entries;
        this.jobs = jobs;
        this.sequences = sequences;
        this.validator = validator;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("kind") String kind, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("after") Long after) {
        Filter filter = filter(kind, from, to);
        List<Row> rows = new ArrayList<>();
        String next = null;
        if (filter.errors().isEmpty()) {
            List<LedgerEntries.Line> lines = entries.page(selection(filter), after, PAGE + 1);
            List<Long> reservations = reservations(lines);
            Map<Long, JobQueries.JobRef> byJob = jobs.byReservations(team.id(), reservations);
            Map<Long, ReservationSequences.Sequence> byBoard = sequences.ofReservations(team.id(), reservations);
            for (LedgerEntries.Line line : lines) {
                rows.add(row(line, byJob.get(line.reservationId()), byBoard.get(line.reservationId())));
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
            try {
                entries.stream(selection(filter), 1_000, lines -> {
                    Map<Long, JobQueries.JobRef> byJob = jobs.byReservations(team.id(), reservations(lines));
                    try {
                        for (LedgerEntries.Line l : lines) {
                            JobQueries.JobRef job = byJob.get(l.reservationId());
                            w.write(Csv.row(Long.toString(l.id()), Csv.raw(l.at().toString()),
                                    Csv.raw(l.periodStart().toString()), l.kind().name(), usd(l.amountMicros()),
                                    usd(effect(l.kind(), l.amountMicros())), Csv.text(l.member()), Csv.text(l.memberEmail()),
                                    job == null ? "" : Long.toString(job.id()), Csv.text(job == null ? null : job.model()),
                                    Csv.text(job == null ? null : job.prompt()), Csv.text(l.note())));
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (SQLException e) {
                throw new java.io.IOException("ledger export failed", e);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            w.flush();
        };
        return Response.ok(body).type("text/csv; charset=utf-8").header("Content-Disposition",
                "attachment; filename=\"reelgate-" + team.slug() + "-ledger.csv\"").build();
    }

    private LedgerEntries.Selection selection(Filter filter) {
        java.time.ZoneId zone = team.team().zone();
        return new LedgerEntries.Selection(team.id(), filter.kind().isEmpty() ? null : LedgerKind.valueOf(filter.kind()),
                filter.from().isEmpty() ? null : LocalDate.parse(filter.from()).atStartOfDay(zone).toInstant(),
                filter.to().isEmpty() ? null : LocalDate.parse(filter.to()).plusDays(1).atStartOfDay(zone).toInstant());
    }

    private static List<Long> reservations(List<LedgerEntries.Line> lines) {
        return lines.stream().map(LedgerEntries.Line::reservationId).filter(java.util.Objects::nonNull).distinct().toList();
    }

    private static Row row(LedgerEntries.Line line, JobQueries.JobRef job, ReservationSequences.Sequence board) {
        LedgerKind kind = line.kind();
        long micros = line.amountMicros();
        Long jobId = job == null ? null : job.id();
        Long storyboard = board == null ? null : board.id();
        return new Row(line.id(), line.at(), kind.name().toLowerCase(Locale.ROOT), Money.ofMicros(micros).display(),
                effectText(kind, micros), line.member(), jobId,
                job == null || job.prompt() == null ? null : Formats.shorten(job.prompt(), 80),
                note(jobId, storyboard, kind, line.note()), storyboard, board == null ? null : board.title());
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
