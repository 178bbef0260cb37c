package io.reelgate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.ModelRoutes;
import io.reelgate.provider.Providers;

/**
 * A period's spend by route, for the usage dashboard: the charges and refunds of the period's
 * ledger by the route their reservation ended on (a job that failed over is charged on its last
 * route only). A job of a model sold by several providers reads "Veo 3.1 via Vertex AI"; any other
 * is its model, as in "Per model".
 */
@ApplicationScoped
public class RouteSpend {

    /** The period's spend per route; {@code routed}: some of it went through a model with several routes. */
    public record Split(List<Usage.Slice> routes, boolean routed, String chart) {
    }

    private final DataSource dataSource;
    private final ModelRoutes models;
    private final Providers providers;

    RouteSpend(DataSource dataSource, ModelRoutes models, Providers providers) {
        this.dataSource = dataSource;
        this.models = models;
        this.providers = providers;
    }

    /** The team's spend in the period starting {@code periodStart}, shares of {@code spentMicros}. */
    Split of(long teamId, LocalDate periodStart, long spentMicros) {
        Map<String, long[]> byRoute = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        boolean routed = false;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select r.provider, r.model, j.model_id,
                       sum(case when e.kind = 'REFUND' then -e.amount_micros else e.amount_micros end) as spent_micros,
                       count(*) filter (where e.kind = 'CHARGE') as charges
                from ledger_entry e
                join reservation r on r.id = e.reservation_id
                left join video_job j on j.reservation_id = r.id
                where e.team_id = ? and e.period_start = ? and e.kind in ('CHARGE', 'REFUND')
                group by r.provider, r.model, j.model_id
                """)) {
            ps.setLong(1, teamId);
            ps.setObject(2, periodStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String provider = rs.getString("provider");
                    String model = rs.getString("model");
                    String key = provider + "/" + model;
                    long[] acc = byRoute.computeIfAbsent(key, k -> new long[2]);
                    acc[0] += rs.getLong("spent_micros");
                    acc[1] += rs.getInt("charges");
                    var of = models.find(rs.getString("model_id")).filter(m -> m.has(new ModelRoutes.Route(provider, model)));
                    if (of.isPresent()) {
                        labels.put(key, of.get().label() + " via " + providers.label(provider));
                        routed = true;
                    } else {
                        labels.putIfAbsent(key, model);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Spend by route of team " + teamId, e);
        }
        List<Usage.Slice> slices = Usage.slices(byRoute, labels::get, spentMicros);
        String chart = Charts.bars("chart-routes", "Spend per route",
                "Bars rank the routes (the provider that made each video) by what they cost this period; the table "
                        + "below lists the same numbers.",
                Usage.top(slices, 8).stream().map(s -> new Charts.Bar(s.label(), s.micros(), s.amount())).toList(),
                "tone-info");
        return new Split(slices, routed, chart);
    }
}
