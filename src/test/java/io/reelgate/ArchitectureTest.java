package io.reelgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The feature packages and the direction of their dependencies (docs/architecture.md, "Packages").
 * A package may use packages of a lower rank only: never one of its own rank, never one above. So
 * there is no cycle, and a backward edge (identity → team, gallery → studio, ops → admin, web → any
 * feature) fails here with the offending classes named. Tables follow the same ranks: each belongs
 * to one package (docs/architecture.md, "Tables"), and a package's SQL names only its own tables and
 * those of lower ranks.
 */
class ArchitectureTest {

    /** Lowest first. Packages of one rank do not know each other. */
    static final List<List<String>> RANKS = List.of(
            List.of("web", "identity", "storage", "media", "time", "embedded", "lease"),
            List.of("outbox"),
            List.of("audit", "provider"),
            List.of("team"),
            List.of("budget"),
            List.of("generation"),
            List.of("notify", "videos"),
            List.of("studio", "gallery", "api", "admin", "home", "storyboard"),
            List.of("ops", "shell"));

    private static JavaClasses classes;

    private static Map<String, Integer> rank() {
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (int r = 0; r < RANKS.size(); r++) {
            for (String p : RANKS.get(r)) {
                rank.put(p, r);
            }
        }
        return rank;
    }

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
        Map<String, Integer> rank = rank();
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

    /**
     * Read models cross packages, not the entity (issue 33): a job leaves {@code generation} as the
     * immutable {@code JobView}, so only generation can write a {@code VideoJob}.
     */
    @Test
    void onlyGenerationUsesTheVideoJobEntity() {
        noClasses().that().resideOutsideOfPackage("io.reelgate.generation..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.reelgate.generation.VideoJob")
                .because("other packages read a job as io.reelgate.generation.JobView and change it through "
                        + "generation's services (docs/architecture.md)")
                .check(classes);
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

    /** A table name after from, join, into, update or table, and further ones after commas ("from team t, app_user u"). */
    private static final Pattern TABLES = Pattern.compile(
            "\\b(?:from|join|into|update|table)\\s+(\\w+(?:\\s+(?:as\\s+)?\\w+)?(?:\\s*,\\s*\\w+(?:\\s+(?:as\\s+)?\\w+)?)*)",
            Pattern.CASE_INSENSITIVE);

    /** Every table the migrations create (and do not drop later) belongs to one ranked package. */
    @Test
    void everyTableHasOneOwner() throws IOException {
        Map<String, String> owners = tableOwners();
        Set<String> created = new TreeSet<>();
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            // in version order (V2 before V10), so a table dropped later is gone
            for (Path file : files.sorted(java.util.Comparator.comparingInt(ArchitectureTest::version)).toList()) {
                Matcher m = Pattern.compile("(?i)(create|drop) table (?:if (?:not )?exists )?(\\w+)")
                        .matcher(Files.readString(file));
                while (m.find()) {
                    String table = m.group(2).toLowerCase(java.util.Locale.ROOT);
                    if (m.group(1).equalsIgnoreCase("create")) {
                        created.add(table);
                    } else {
                        created.remove(table);
                    }
                }
            }
        }
        assertThat(owners.keySet()).as("tables in docs/architecture.md, \"Tables\", against the migrations")
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(rank().keySet()).as("owners of tables are ranked packages").containsAll(owners.values());
    }

    private static int version(Path migration) {
        Matcher m = Pattern.compile("^V(\\d+)__").matcher(migration.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    /**
     * The SQL in a package's strings and text blocks (native queries; JPQL names entities, whose
     * classes the dependency rule already covers) names only its own tables and those of lower ranks.
     */
    @Test
    void sqlNamesOnlyTablesOfItsOwnPackageOrLowerRanks() throws IOException {
        Map<String, String> owners = tableOwners();
        Map<String, Integer> rank = rank();
        List<String> violations = new ArrayList<>();
        Path root = Path.of("src/main/java/io/reelgate");
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                Set<String> named = new TreeSet<>();
                for (String literal : stringLiterals(Files.readString(file))) {
                    Matcher m = TABLES.matcher(literal);
                    while (m.find()) {
                        for (String part : m.group(1).split(",")) {
                            named.add(part.trim().split("\\s+")[0].toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
                for (String table : named) {
                    String owner = owners.get(table);
                    if (owner != null && !owner.equals(pkg) && rank.get(owner) >= rank.get(pkg)) {
                        violations.add(root.relativize(file) + " names " + table + " (owned by " + owner + ", rank "
                                + rank.get(owner) + "; " + pkg + " is rank " + rank.get(pkg) + ")");
                    }
                }
            }
        }
        assertThat(violations).as("SQL naming a table of the same or a higher rank: ask its owner's service instead")
                .isEmpty();
    }

    /** Table → owning package, from the "Tables" block of docs/architecture.md ("package  table, table, …"). */
    static Map<String, String> tableOwners() throws IOException {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        int start = doc.indexOf("## Tables");
        assertThat(start).as("docs/architecture.md has a \"Tables\" section").isNotNegative();
        String section = doc.substring(start);
        int open = section.indexOf("```");
        String block = section.substring(section.indexOf('\n', open) + 1, section.indexOf("```", open + 3));
        Map<String, String> owners = new TreeMap<>();
        for (String line : block.split("\n")) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length < 2) {
                continue;
            }
            for (String table : parts[1].split(",")) {
                String previous = owners.put(table.trim(), parts[0]);
                assertThat(previous).as(table.trim() + " has one owner").isNull();
            }
        }
        return owners;
    }

    /** The string literals and text blocks of a Java source, comments skipped. */
    static List<String> stringLiterals(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (src.startsWith("/*", i)) {
                i = src.indexOf("*/", i + 2) + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                while (src.charAt(end - 1) == '\\') {
                    end = src.indexOf("\"\"\"", end + 1);
                }
                out.add(src.substring(i + 3, end));
                i = end + 3;
            } else if (src.charAt(i) == '"' || src.charAt(i) == '\'') {
                char quote = src.charAt(i);
                int j = i + 1;
                while (src.charAt(j) != quote) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                if (quote == '"') {
                    out.add(src.substring(i + 1, j));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
