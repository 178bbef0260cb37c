package io.reelgate.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A calendar date as a date input sends it ({@code 2026-11-25}); empty means "no date" and is valid. */
@Documented
@Constraint(validatedBy = IsoDate.Check.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface IsoDate {

    String message() default "Use a date like 2026-11-25.";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Parses what was typed, so that no other date text gets through. */
    class Check implements ConstraintValidator<IsoDate, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            try {
                LocalDate.parse(value.trim());
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
