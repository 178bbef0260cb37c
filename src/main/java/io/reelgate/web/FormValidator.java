package io.reelgate.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

/**
 * The one way a form record's Bean Validation constraints become the field errors a re-rendered
 * form shows ({@code field → message}). Fields come in the record's component order, and a field
 * that breaks several constraints shows the message of the one declared first (so "too long" is
 * said before "contains a control character", as a person fixing it would want).
 */
@ApplicationScoped
public class FormValidator {

    private final Validator validator;

    FormValidator(Validator validator) {
        this.validator = validator;
    }

    /** The problems with {@code form}, empty when it is valid; a mutable map, for rules that span fields. */
    public <T extends Record> Map<String, String> errors(T form, Class<?>... groups) {
        Set<ConstraintViolation<T>> violations = validator.validate(form, groups);
        Map<String, String> errors = new LinkedHashMap<>();
        for (RecordComponent component : form.getClass().getRecordComponents()) {
            List<Class<? extends Annotation>> declared = declared(form.getClass(), component.getName());
            violations.stream().filter(v -> component.getName().equals(field(v.getPropertyPath())))
                    .min((a, b) -> Integer.compare(rank(declared, a), rank(declared, b)))
                    .ifPresent(v -> errors.put(component.getName(), v.getMessage()));
        }
        return errors;
    }

    /** The constraints on the component's field (where a record component's constraints land), in source order. */
    private static List<Class<? extends Annotation>> declared(Class<?> type, String name) {
        try {
            return Arrays.stream(type.getDeclaredField(name).getAnnotations()).map(Annotation::annotationType).toList();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int rank(List<Class<? extends Annotation>> declared, ConstraintViolation<?> v) {
        int i = declared.indexOf(v.getConstraintDescriptor().getAnnotation().annotationType());
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static String field(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }
}
