package io.reelgate.budget;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesDollarsExactly() {
        assertEquals(100_000, Money.parse("0.10").micros());
        assertEquals(1_234_500_000, Money.parse("$1,234.50").micros());
        assertEquals(1, Money.parse("0.000001").micros());
        assertEquals(-2_000_000, Money.parse("-2").micros());
    }

    @Test
    void refusesWhatIsNotAnExactAmount() {
        assertThatThrownBy(() -> Money.parse("ten")).hasMessageContaining("not an amount");
        assertThatThrownBy(() -> Money.parse("0.0000001")).hasMessageContaining("millionth");
        assertThatThrownBy(() -> Money.parse("99999999999999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Money.parse(" ")).hasMessageContaining("Enter an amount");
    }

    @Test
    void formatsForPeople() {
        assertEquals("$0.80", Money.ofMicros(800_000).display());
        assertEquals("$1,234.50", Money.parse("1234.5").display());
        assertEquals("$0.0005", Money.ofMicros(500).display());
        assertEquals("-$3.00", Money.parse("-3").display());
        assertEquals("$3.33", Money.ofMicros(3_333_333).displayCents(), "computed amounts to the cent");
        assertEquals("$8.07", Money.ofMicros(8_065_000).displayCents());
        assertEquals("$0.00", Money.ofMicros(-4).displayCents(), "no minus sign on a rounded zero");
        assertEquals("1234.5", Money.parse("1234.50").plain());
    }

    @Test
    void arithmeticRefusesToOverflow() {
        assertThatThrownBy(() -> Money.ofMicros(Long.MAX_VALUE).plus(Money.ofMicros(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.ofMicros(Long.MAX_VALUE / 2).times(3)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void percentagesRoundDown() {
        assertEquals(49, Money.parse("49.99").percentOf(Money.parse("100")));
        assertEquals(50, Money.parse("50").percentOf(Money.parse("100")));
        assertEquals(0, Money.ZERO.percentOf(Money.ZERO));
    }
}
