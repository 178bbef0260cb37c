package io.reelgate.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars in micro-dollars. The only place money is parsed and formatted.
 */
public record Money(long micros) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);
    private static final long PER_DOLLAR = 1_000_000L;

    public static Money ofMicros(long micros) {
        return new Money(micros);
    }

    /**
     * Parses a dollar amount such as {@code "12.50"} or {@code "$1,000"}; at most 6 decimal places.
     *
     * @throws IllegalArgumentException with a sentence for people when the text is not an amount
     */
    public static Money parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Enter an amount in US dollars, e.g. 250 or 99.50.");
        }
        String cleaned = text.trim().replace("$", "").replace(",", "").replace("_", "").trim();
        BigDecimal value;
        try {
            value = new BigDecimal(cleaned);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not an amount in US dollars.");
        }
        if (value.scale() > 6 && value.stripTrailingZeros().scale() > 6) {
            throw new IllegalArgumentException("Amounts are exact to a millionth of a dollar; '" + text.trim()
                    + "' has more decimal places.");
        }
        try {
            return new Money(value.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is too large an amount.");
        }
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(micros, other.micros));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(micros, other.micros));
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(micros, factor));
    }

    public Money negate() {
        return new Money(Math.negateExact(micros));
    }

    public boolean isNegative() {
        return micros < 0;
    }

    public boolean isZero() {
        return micros == 0;
    }

    public Money max(Money other) {
        return micros >= other.micros ? this : other;
    }

    /** {@code $1,234.50}; sub-cent amounts keep their digits ({@code $0.0005}); negatives as {@code -$3.00}. */
    public String display() {
        BigDecimal dollars = BigDecimal.valueOf(Math.abs(micros), 6).stripTrailingZeros();
        if (dollars.scale() < 2) {
            dollars = dollars.setScale(2);
        }
        String text = String.format("%,." + dollars.scale() + "f", dollars);
        return (micros < 0 ? "-$" : "$") + text;
    }

    /**
     * To the cent, for amounts Reelgate computed rather than charged (a pace, a forecast): "$3.33",
     * never "$3.333333". Charges and prices keep {@link #display}, which shows every digit they have.
     */
    public String displayCents() {
        BigDecimal dollars = BigDecimal.valueOf(Math.abs(micros), 6).setScale(2, java.math.RoundingMode.HALF_UP);
        return (micros < 0 && dollars.signum() != 0 ? "-$" : "$") + String.format("%,.2f", dollars);
    }

    /** Plain decimal for forms and CSV, e.g. {@code 1234.5}. */
    public String plain() {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }

    /** Percentage of {@code whole}, rounded down; 0 when whole is zero. */
    public int percentOf(Money whole) {
        if (whole.micros <= 0) {
            return micros > 0 ? 100 : 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, BigDecimal.valueOf(micros).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole.micros), 0, RoundingMode.FLOOR).longValue());
    }

    public double dollars() {
        return micros / (double) PER_DOLLAR;
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(micros, o.micros);
    }

    @Override
    public String toString() {
        return display();
    }
}
