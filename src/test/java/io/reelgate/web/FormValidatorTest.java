package io.reelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.gallery.VideoResource.ShareForm;

/** The one way form constraints become field errors: every broken field once, in form order, first rule first. */
@QuarkusTest
class FormValidatorTest {

    /** A date range as a filter form has it. */
    record Range(@IsoDate String from, @IsoDate String to) {
    }

    @Inject
    FormValidator validator;

    @Test
    void aValidFormHasNoErrors() {
        assertThat(validator.errors(new ShareForm("30d", "secret", "25", false, true))).isEmpty();
    }

    @Test
    void eachBrokenFieldIsNamedOnceInTheOrderOfTheFormWithTheFirstDeclaredRulesMessage() {
        String longAndControl = "\u0007" + "x".repeat(250);
        var errors = validator.errors(new ShareForm("30d", longAndControl, "0", false, true));
        assertThat(errors.keySet()).containsExactly("password", "maxViews");
        assertThat(errors.get("password")).isEqualTo("Use at most 200 characters.");
        assertThat(validator.errors(new ShareForm("30d", "\u0007bell", "", false, true)).get("password"))
                .contains("no control characters");
        assertThat(errors.get("maxViews")).contains("from 1 to 1,000,000");
    }

    @Test
    void datesMustBeCalendarDatesAndEmptyMeansNone() {
        assertThat(validator.errors(new Range("", "2026-11-25"))).isEmpty();
        assertThat(validator.errors(new Range("2026-02-30", "25/11/2026")))
                .containsEntry("from", "Use a date like 2026-11-25.").containsEntry("to", "Use a date like 2026-11-25.");
    }
}
