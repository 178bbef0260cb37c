package io.reelgate.budget;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * A team's budget settings: validated field by field (each problem named next to its field), and
 * written only when all of them are valid, under the team's budget lock.
 */
@ApplicationScoped
public class BudgetSettings {

    /** Settings as a form sends them: text, as typed. */
    public record Form(String amount, String resetDay, String capMode, String softAllowancePct, String memberCap,
            String thresholds) {
    }

    /** Valid settings. {@code memberCap} null: no default member cap. */
    public record Settings(Money amount, int resetDay, CapMode capMode, int softAllowancePct, Money memberCap,
            List<Integer> thresholds) {
    }

    /** Either the settings to write, or messages by field name. */
    public record Validation(Settings settings, Map<String, String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final DataSource dataSource;
    private final Money defaultBudget;
    private final Money maxAmount;

    BudgetSettings(DataSource dataSource, BudgetConfig config) {
        this.dataSource = dataSource;
        this.defaultBudget = Money.parse(config.defaultAmountUsd().toPlainString());
        this.maxAmount = Money.parse(config.maxAmountUsd().toPlainString());
    }

    @Transactional
    public Settings current(long teamId) {
        try (Connection c = dataSource.getConnection()) {
            MoneySql.BudgetRow b = new MoneySql(c).budget(teamId, defaultBudget, false);
            return new Settings(b.amount(), b.resetDay(), b.capMode(), b.softAllowancePct(), b.memberCap(), b.thresholds());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Validation validate(Form form) {
        Map<String, String> errors = new LinkedHashMap<>();
        Money amount = money(form.amount(), "amount", false, errors);
        int resetDay = integer(form.resetDay(), "resetDay", 1, 28, "The reset day must be a day between 1 and 28.", errors);
        CapMode capMode = null;
        try {
            capMode = CapMode.valueOf(String.valueOf(form.capMode()).trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            errors.put("capMode", "Choose a hard or a soft cap.");
        }
        int allowance = form.softAllowancePct() == null || form.softAllowancePct().isBlank() ? 0
                : integer(form.softAllowancePct(), "softAllowancePct", 0, 100,
                        "The soft-cap allowance is a percentage between 0 and 100.", errors);
        Money memberCap = money(form.memberCap(), "memberCap", true, errors);
        List<Integer> thresholds = thresholds(form.thresholds(), errors);
        if (!errors.isEmpty()) {
            return new Validation(null, errors);
        }
        return new Validation(new Settings(amount, resetDay, capMode, capMode == CapMode.SOFT ? allowance : 0, memberCap,
                thresholds), Map.of());
    }

    /** Validates and, when everything is valid, stores the settings; otherwise changes nothing. */
    @Transactional
    public Validation update(long teamId, Form form) {
        Validation validation = validate(form);
        if (!validation.valid()) {
            return validation;
        }
        Settings s = validation.settings();
        try (Connection c = dataSource.getConnection()) {
            new MoneySql(c).budget(teamId, defaultBudget, true);
            try (PreparedStatement ps = c.prepareStatement("""
                    update team_budget
                    set amount_micros = ?, reset_day = ?, cap_mode = ?, soft_allowance_pct = ?, member_cap_micros = ?,
                        alert_thresholds = ?, updated_at = now()
                    where team_id = ?
                    """)) {
                ps.setLong(1, s.amount().micros());
                ps.setInt(2, s.resetDay());
                ps.setString(3, s.capMode().name());
                ps.setInt(4, s.softAllowancePct());
                ps.setObject(5, s.memberCap() == null ? null : s.memberCap().micros());
                Array array = c.createArrayOf("int4", s.thresholds().toArray());
                ps.setArray(6, array);
                ps.setLong(7, teamId);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return validation;
    }

    /** Sets (or with empty, removes) one member's own cap. */
    @Transactional
    public void setMemberCap(long teamId, long userId, Optional<Money> cap) {
        cap.ifPresent(m -> {
            if (m.isNegative() || m.compareTo(maxAmount) > 0) {
                throw new IllegalArgumentException("A member cap must be between $0 and " + maxAmount.display() + ".");
            }
        });
        try (Connection c = dataSource.getConnection()) {
            new MoneySql(c).budget(teamId, defaultBudget, true);
            String sql = cap.isPresent()
                    ? "insert into member_cap (team_id, user_id, cap_micros) values (?, ?, ?) "
                            + "on conflict (team_id, user_id) do update set cap_micros = excluded.cap_micros"
                    : "delete from member_cap where team_id = ? and user_id = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, teamId);
                ps.setLong(2, userId);
                if (cap.isPresent()) {
                    ps.setLong(3, cap.get().micros());
                }
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses an optional amount (blank: none) as the settings form does, putting a problem under {@code field}. */
    public Money optionalAmount(String text, String field, Map<String, String> errors) {
        return money(text, field, true, errors);
    }

    /** Each member's own cap, by user id. */
    @Transactional
    public Map<Long, Money> memberCaps(long teamId) {
        Map<Long, Money> caps = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select user_id, cap_micros from member_cap where team_id = ?")) {
            ps.setLong(1, teamId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    caps.put(rs.getLong("user_id"), Money.ofMicros(rs.getLong("cap_micros")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return caps;
    }

    private Money money(String text, String field, boolean optional, Map<String, String> errors) {
        if (optional && (text == null || text.isBlank())) {
            return null;
        }
        try {
            Money m = Money.parse(text);
            if (m.isNegative()) {
                errors.put(field, "Enter an amount of $0 or more.");
            } else if (m.compareTo(maxAmount) > 0) {
                errors.put(field, "Amounts above " + maxAmount.display() + " are not accepted; check for a typo.");
            } else if (m.micros() % 10_000 != 0) {
                errors.put(field, "Enter whole cents, e.g. 99.50.");
            }
            return m;
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private static int integer(String text, String field, int min, int max, String message, Map<String, String> errors) {
        try {
            int value = Integer.parseInt(String.valueOf(text).trim());
            if (value < min || value > max) {
                errors.put(field, message);
            }
            return value;
        } catch (NumberFormatException e) {
            errors.put(field, message);
            return min;
        }
    }

    private static List<Integer> thresholds(String text, Map<String, String> errors) {
        TreeSet<Integer> values = new TreeSet<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split("[,;\\s]+")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    int pct = Integer.parseInt(part.replace("%", "").trim());
                    if (pct < 1 || pct > 200) {
                        errors.put("thresholds", "Alert thresholds are percentages between 1 and 200.");
                        return List.of();
                    }
                    values.add(pct);
                } catch (NumberFormatException e) {
                    errors.put("thresholds", "'" + part + "' is not a percentage; list them like 50, 75, 90, 100.");
                    return List.of();
                }
            }
        }
        if (values.size() > 10) {
            errors.put("thresholds", "Choose at most 10 alert thresholds.");
        }
        return new ArrayList<>(values);
    }
}
