package io.reelgate.admin;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.reelgate.budget.Money;

/**
 * Charts drawn on the server as inline SVG, no JavaScript. Each SVG is an image with a title and
 * a description ({@code role="img"}, {@code aria-labelledby}); the page puts the same numbers in
 * a table next to it for screen readers. Styling comes from classes in app.css (the CSP forbids
 * inline styles); every text is escaped here.
 */
final class Charts {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    /** One day of spend; {@code future} days are drawn as empty slots. */
    record Day(LocalDate day, long micros, boolean future) {
    }

    /** One labelled value of a bar list; {@code css} colours its bar (null: the chart's tone). */
    record Bar(String label, long value, String display, String css) {

        Bar(String label, long value, String display) {
            this(label, value, display, null);
        }
    }

    private Charts() {
    }

    /**
     * Spend per day of the period as columns, with the even pace (budget / days) as a dashed line
     * and today marked.
     */
    static String daily(String id, String title, String description, List<Day> days, long budgetMicros) {
        return daily(id, title, description, days, budgetMicros, false);
    }

    /** The same chart for narrow screens: fewer, larger labels in a 360-unit-wide picture. */
    static String dailyCompact(String id, String title, String description, List<Day> days, long budgetMicros) {
        return daily(id, title, description, days, budgetMicros, true);
    }

    private static String daily(String id, String title, String description, List<Day> days, long budgetMicros,
            boolean compact) {
        int w = compact ? 360 : 960;
        int h = compact ? 220 : 280;
        int left = compact ? 48 : 64;
        int right = 16;
        int top = 16;
        int bottom = 36;
        long pace = days.isEmpty() ? 0 : budgetMicros / days.size();
        long max = Math.max(pace, days.stream().mapToLong(Day::micros).max().orElse(0));
        long scaleMax = niceCeiling(Math.max(max, 10_000));
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        double slot = plotW / Math.max(1, days.size());
        StringBuilder s = open(id, title, description, w, h, compact ? "chart chart-daily chart-compact" : "chart chart-daily");
        for (int i = 0; i <= 4; i++) {
            long v = scaleMax * i / 4;
            double y = top + plotH - plotH * v / scaleMax;
            s.append("<line class=\"gridline\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>");
            s.append("<text class=\"axis\" x=\"").append(left - 8).append("\" y=\"").append(fmt(y + 5))
                    .append("\" text-anchor=\"end\">").append(esc(axisMoney(v))).append("</text>");
        }
        int labelEvery = compact ? (days.size() > 20 ? 10 : days.size() > 10 ? 5 : 2) : days.size() > 20 ? 5 : days.size() > 10 ? 2 : 1;
        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            double x = left + slot * i;
            double bw = Math.max(compact ? 1.5 : 2, slot * 0.68);
            double bx = x + (slot - bw) / 2;
            if (d.micros() > 0) {
                double bh = Math.max(1.5, plotH * Math.min(d.micros(), scaleMax) / scaleMax);
                s.append("<rect class=\"bar\" x=\"").append(fmt(bx)).append("\" y=\"").append(fmt(top + plotH - bh))
                        .append("\" width=\"").append(fmt(bw)).append("\" height=\"").append(fmt(bh)).append("\"><title>")
                        .append(esc(SHORT.format(d.day()) + ": " + Money.ofMicros(d.micros()).display()))
                        .append("</title></rect>");
            } else if (d.micros() < 0) {
                continue; // a day of net refunds draws no column; the table shows it
            }
            if (i % labelEvery == 0) {
                s.append("<text class=\"axis").append(d.future() ? " future" : "").append("\" x=\"").append(fmt(x + slot / 2))
                        .append("\" y=\"").append(h - 12).append("\" text-anchor=\"middle\">")
                        .append(esc(SHORT.format(d.day()))).append("</text>");
            }
        }
        if (pace > 0) {
            double y = top + plotH - plotH * pace / scaleMax;
            s.append("<line class=\"pace\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>");
            s.append("<text class=\"pace-label\" x=\"").append(w - right - 4).append("\" y=\"").append(fmt(y - 6))
                    .append("\" text-anchor=\"end\">").append(compact ? "" : "even pace ")
                    .append(esc(Money.ofMicros(pace).displayCents())).append("/day</text>");
        }
        s.append("<line class=\"baseline\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                .append(fmt(top + plotH)).append("\" y2=\"").append(fmt(top + plotH)).append("\"/>");
        return s.append("</svg>").toString();
    }

    /**
     * Spend so far as a rising line over the period, its run-rate projection to the period end
     * (dashed), the budget as a horizontal line, and the day the projection crosses it.
     */
    static String burnUp(String id, String title, String description, List<Day> days, long budgetMicros,
            long forecastMicros, LocalDate runsOut, boolean compact) {
        int w = compact ? 360 : 960;
        int h = compact ? 200 : 240;
        int left = compact ? 48 : 64;
        int right = compact ? 12 : 16;
        int top = 16;
        int bottom = 32;
        int n = Math.max(1, days.size());
        long[] cumulative = new long[days.size()];
        long running = 0;
        int today = -1;
        for (int i = 0; i < days.size(); i++) {
            if (!days.get(i).future()) {
                running += days.get(i).micros();
                today = i;
            }
            cumulative[i] = running;
        }
        long scaleMax = niceCeiling(Math.max(10_000, Math.max(budgetMicros, Math.max(forecastMicros, running))));
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        java.util.function.LongFunction<Double> y = v -> top + plotH - plotH * Math.max(0, Math.min(v, scaleMax)) / scaleMax;
        java.util.function.IntFunction<Double> x = i -> left + plotW * i / n;
        StringBuilder s = open(id, title, description, w, h, compact ? "chart chart-burnup chart-compact" : "chart chart-burnup");
        for (int i = 0; i <= 4; i++) {
            long v = scaleMax * i / 4;
            s.append("<line class=\"gridline\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                    .append(fmt(y.apply(v))).append("\" y2=\"").append(fmt(y.apply(v))).append("\"/>");
            s.append("<text class=\"axis\" x=\"").append(left - 8).append("\" y=\"").append(fmt(y.apply(v) + 5))
                    .append("\" text-anchor=\"end\">").append(esc(axisMoney(v))).append("</text>");
        }
        int labelEvery = compact ? 10 : 5;
        for (int i = 0; i < days.size(); i += labelEvery) {
            s.append("<text class=\"axis").append(days.get(i).future() ? " future" : "").append("\" x=\"")
                    .append(fmt(x.apply(i))).append("\" y=\"").append(h - 10).append("\" text-anchor=\"start\">")
                    .append(esc(SHORT.format(days.get(i).day()))).append("</text>");
        }
        if (today >= 0) {
            StringBuilder line = new StringBuilder().append(fmt(x.apply(0))).append(',').append(fmt(y.apply(0)));
            for (int i = 0; i <= today; i++) {
                line.append(' ').append(fmt(x.apply(i + 1))).append(',').append(fmt(y.apply(cumulative[i])));
            }
            s.append("<polygon class=\"area\" points=\"").append(line).append(' ').append(fmt(x.apply(today + 1))).append(',')
                    .append(fmt(y.apply(0))).append("\"/>");
            s.append("<polyline class=\"actual\" points=\"").append(line).append("\"/>");
            if (today < days.size() - 1) {
                s.append("<line class=\"projection\" x1=\"").append(fmt(x.apply(today + 1))).append("\" y1=\"")
                        .append(fmt(y.apply(cumulative[today]))).append("\" x2=\"").append(fmt(x.apply(n))).append("\" y2=\"")
                        .append(fmt(y.apply(forecastMicros))).append("\"/>");
            }
            s.append("<circle class=\"now\" cx=\"").append(fmt(x.apply(today + 1))).append("\" cy=\"")
                    .append(fmt(y.apply(cumulative[today]))).append("\" r=\"4\"/>");
        }
        if (budgetMicros > 0) {
            s.append("<line class=\"budget\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                    .append(fmt(y.apply(budgetMicros))).append("\" y2=\"").append(fmt(y.apply(budgetMicros))).append("\"/>");
            s.append("<text class=\"budget-label\" x=\"").append(left + 6).append("\" y=\"").append(fmt(y.apply(budgetMicros) - 6))
                    .append("\">budget ").append(esc(Money.ofMicros(budgetMicros).display())).append("</text>");
        }
        if (runsOut != null && !days.isEmpty()) {
            int at = (int) java.time.temporal.ChronoUnit.DAYS.between(days.get(0).day(), runsOut);
            if (at >= 0 && at < days.size()) {
                double rx = x.apply(at + 1);
                s.append("<line class=\"runout\" x1=\"").append(fmt(rx)).append("\" x2=\"").append(fmt(rx)).append("\" y1=\"")
                        .append(top).append("\" y2=\"").append(fmt(top + plotH)).append("\"/>");
                boolean flip = rx > w - (compact ? 110 : 170);
                s.append("<text class=\"runout-label\" x=\"").append(fmt(flip ? rx - 6 : rx + 6)).append("\" y=\"")
                        .append(top + 14).append("\" text-anchor=\"").append(flip ? "end" : "start").append("\">runs out ")
                        .append(esc(SHORT.format(runsOut))).append("</text>");
            }
        }
        s.append("<line class=\"baseline\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                .append(fmt(top + plotH)).append("\" y2=\"").append(fmt(top + plotH)).append("\"/>");
        return s.append("</svg>").toString();
    }

    /** A ranked list as horizontal bars, each labelled above its bar with its value on the right. */
    static String bars(String id, String title, String description, List<Bar> bars, String tone) {
        int w = 360;
        int row = 46;
        int h = Math.max(row, bars.size() * row) + 4;
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        StringBuilder s = open(id, title, description, w, h, "chart chart-bars " + tone);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = i * row;
            s.append("<text class=\"label\" x=\"0\" y=\"").append(y + 17).append("\">").append(esc(clip(b.label(), 34)))
                    .append("</text>");
            s.append("<text class=\"value\" x=\"").append(w).append("\" y=\"").append(y + 17)
                    .append("\" text-anchor=\"end\">").append(esc(b.display())).append("</text>");
            s.append("<rect class=\"track\" x=\"0\" y=\"").append(y + 25).append("\" width=\"").append(w)
                    .append("\" height=\"10\" rx=\"5\"/>");
            double bw = b.value() <= 0 ? 0 : Math.max(6, (double) w * b.value() / max);
            if (bw > 0) {
                s.append("<rect class=\"bar").append(b.css() == null ? "" : " " + b.css()).append("\" x=\"0\" y=\"").append(y + 25).append("\" width=\"").append(fmt(bw))
                        .append("\" height=\"10\" rx=\"5\"/>");
            }
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, String description, int w, int h, String css) {
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg class=\"").append(css).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id)
                .append("-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        s.append("<title id=\"").append(id).append("-title\">").append(esc(title)).append("</title>");
        s.append("<desc id=\"").append(id).append("-desc\">").append(esc(description)).append("</desc>");
        return s;
    }

    /**
     * The top of a value axis with four equal steps: each step a round number (1, 1.5, 2, 2.5, 3,
     * 4, 5, 6 or 8 times a power of ten, at least a cent) and 5 % headroom above {@code v}.
     */
    static long niceCeiling(long v) {
        double target = v * 1.05 / 4;
        // steps of at least one cent (10,000 micro-dollars)
        double power = Math.max(10_000, Math.pow(10, Math.floor(Math.log10(Math.max(1, target)))));
        for (double m : new double[] { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 }) {
            if (m * power >= target) {
                return Math.round(m * power) * 4;
            }
        }
        return Math.round(10 * power) * 4;
    }

    private static String axisMoney(long micros) {
        double dollars = micros / 1_000_000.0;
        if (dollars >= 1000) {
            return "$" + trim(dollars / 1000) + "k";
        }
        return "$" + trim(dollars);
    }

    /** 5, 2.5, 0.25: no trailing zeros, at most two decimals. */
    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        String two = String.format(Locale.ROOT, "%.2f", v);
        return two.endsWith("0") ? two.substring(0, two.length() - 1) : two;
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
