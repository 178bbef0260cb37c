package io.reelgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The feature packages and the direction of their dependencies (docs/architecture.md, "Packages").
 * A package may use packages of a lower rank only: never one of its own rank, never one above. So
 * there is no cycle, and a backward edge (identity → team, gallery → studio, ops → admin, web → any
 * feature) fails here with the offending classes named.
 */
class ArchitectureTest {

    /** Lowest first. Packages of one rank do not know each other. */
    static final List<List<String>> RANKS = List.of(
            List.of("web", "identity", "storage", "media", "time", "embedded", "lease"),
            List.of("outbox"),
            List.of("audit", "provider"),
            List.of("team"),
            List.of("budget"),
            List.of("notify", "generation"),
            List.of("gallery"),
            List.of("studio"),
            List.of("api", "admin", "home", "storyboard"),
            List.of("ops", "shell"));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.reelgate");
    }

    @Test
    void everyPackageHasARank() {
        Set<String> ranked = new HashSet<>();
        RANKS.forEach(ranked::addAll);
        Set<String> present = new HashSet<>();
        classes.forEach(c -> {
            String rest = c.getPackageName().substring("io.reelgate".length());
            if (!rest.isEmpty()) {
                present.add(rest.substring(1).split("\\.")[0]);
            }
        });
        assertThat(ranked).as("a new package needs its place in RANKS").containsAll(present);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.reelgate.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noPackageUsesOneOfItsOwnRankOrAbove() {
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (int r = 0; r < RANKS.size(); r++) {
            for (String p : RANKS.get(r)) {
                rank.put(p, r);
            }
        }
        for (var entry : rank.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            rank.forEach((other, r) -> {
                if (!other.equals(entry.getKey()) && r >= entry.getValue()) {
                    forbidden.add("io.reelgate." + other + "..");
                }
            });
            if (forbidden.isEmpty()) {
                continue;
            }
            noClasses().that().resideInAPackage("io.reelgate." + entry.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because(entry.getKey() + " (rank " + entry.getValue() + ") may use only packages of a lower rank")
                    .check(classes);
        }
    }

    /** Big classes are split at their seams; the few that must stay whole say why ("One piece on purpose"). */
    @Test
    void noMainClassOverFourHundredLinesWithoutSayingWhy() throws java.io.IOException {
        List<String> unexplained = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(file);
                if (lines.size() > 400 && lines.stream().noneMatch(l -> l.contains("One piece on purpose:"))) {
                    unexplained.add(file + " (" + lines.size() + " lines)");
                }
            }
        }
        assertThat(unexplained).as("classes over 400 lines without a note saying why they are one piece").isEmpty();
    }
}
