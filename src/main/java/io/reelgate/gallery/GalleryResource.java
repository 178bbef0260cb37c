package io.reelgate.gallery;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.GalleryCard;
import io.reelgate.videos.GalleryQueries;
import io.reelgate.videos.GalleryConfig;
import io.reelgate.identity.CurrentUser;
import io.reelgate.identity.UserDirectory;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Member;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.web.FormValidator;
import io.reelgate.web.Formats;
import io.reelgate.web.Forms;
import io.reelgate.web.Htmx;
import io.reelgate.web.IsoDate;

/**
 * The team gallery ({@code /t/{team}/gallery}): finished videos as a grid with spritesheet scrubbing,
 * filters, prompt search and favourites; endless scrolling with HTMX over a plain "more" link.
 * Filters are query parameters, so every view of the gallery is a link.
 */
@Path("/t/{team}/gallery")
public class GalleryResource {

    static final int MAX_SEARCH = 200;

    /** The filters whose rules need neither the catalog nor the team: the search text and the dates. */
    record Search(@Size(max = MAX_SEARCH, message = "Search for at most {max} characters.") String q,
            @IsoDate String from, @IsoDate String to) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance gallery(Team team, Query query, List<GalleryCard> cards, String next,
                List<String> models, List<Option> members);

        static native TemplateInstance gallery$items(Team team, Query query, List<GalleryCard> cards, String next);
    }

    /** The filters as typed, their problems, and the query string that reproduces them. */
    public record Query(String q, String model, String member, String from, String to, String status, boolean fav,
            Map<String, String> errors) {

        public String error(String field) {
            return errors.get(field);
        }

        public boolean invalid() {
            return !errors.isEmpty();
        }

        public boolean filtered() {
            return q != null || model != null || member != null || from != null || to != null || fav
                    || !"completed".equals(status);
        }

        /** The filters as a query string (without the cursor). */
        public String params() {
            StringBuilder s = new StringBuilder("status=").append(Formats.url(status));
            append(s, "q", q);
            append(s, "model", model);
            append(s, "member", member);
            append(s, "from", from);
            append(s, "to", to);
            if (fav) {
                s.append("&fav=true");
            }
            return s.toString();
        }

        private static void append(StringBuilder s, String name, String value) {
            if (value != null) {
                s.append('&').append(name).append('=').append(Formats.url(value));
            }
        }
    }

    /** A select option. */
    public record Option(String value, String label) {
    }

    private final CurrentTeam team;
    private final CurrentUser user;
    private final GalleryQueries gallery;
    private final TeamDirectory teams;
    private final UserDirectory users;
    private final Providers providers;
    private final GalleryConfig config;
    private final FormValidator validator;

    GalleryResource(CurrentTeam team, CurrentUser user, GalleryQueries gallery, TeamDirectory teams, UserDirectory users,
            Providers providers, GalleryConfig config, FormValidator validator) {
        this.validator = validator;
        this.team = team;
        this.user = user;
        this.gallery = gallery;
        this.teams = teams;
        this.users = users;
        this.providers = providers;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("q") String q, @QueryParam("model") String model, @QueryParam("member") String member,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("status") String status,
            @QueryParam("fav") String fav, @QueryParam("after") String after, HttpHeaders headers) {
        List<String> offered = catalogModels();
        List<String> models = gallery.models(team.id(), offered);
        String search = Forms.blankToNull(q);
        String modelValue = Forms.blankToNull(model);
        String memberValue = Forms.blankToNull(member);
        Map<String, String> errors = validator.errors(new Search(search, Forms.blankToNull(from), Forms.blankToNull(to)));
        if (modelValue != null && !offered.contains(modelValue)) {
            errors.put("model", "Choose a model from the list.");
        }
        List<Member> teamMembers = teams.members(team.id());
        Long memberId = memberValue == null ? null : teamMembers.stream().map(Member::userId)
                .filter(id -> Long.toString(id).equals(memberValue)).findFirst().orElse(null);
        if (memberValue != null && memberId == null) {
            errors.put("member", "Choose a member of this team.");
        }
        LocalDate fromDate = date(from, "from", errors);
        LocalDate toDate = date(to, "to", errors);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            errors.put("to", "The end date is before the start date.");
        }
        GalleryQueries.Outcome outcome = GalleryQueries.Outcome.parse(status);
        boolean favourites = Forms.checked(fav);
        Query query = new Query(search, modelValue, memberValue, Forms.blankToNull(from), Forms.blankToNull(to), outcome.param(),
                favourites, errors);

        List<GalleryCard> cards = List.of();
        String next = null;
        if (!query.invalid()) {
            GalleryQueries.Page page = gallery.page(team.id(), user.id(), new GalleryQueries.Filter(search, modelValue,
                    memberId, fromDate, toDate, outcome, favourites), team.team().zone(), after, config.pageSize());
            cards = page.items().stream().map(this::card).toList();
            next = page.next();
        }
        int code = query.invalid() ? 400 : 200;
        if (Htmx.isFragmentRequest(headers) && after != null) {
            return Response.status(code).entity(Templates.gallery$items(team.team(), query, cards, next)).build();
        }
        List<Option> memberOptions = new ArrayList<>();
        users.byIds(teamMembers.stream().map(Member::userId).toList()).values()
                .forEach(u -> memberOptions.add(new Option(Long.toString(u.id), u.displayName)));
        memberOptions.sort((a, b) -> a.label().compareToIgnoreCase(b.label()));
        return Response.status(code).entity(Templates.gallery(team.team(), query, cards, next, models, memberOptions))
                .build();
    }

    private GalleryCard card(GalleryQueries.Item item) {
        return GalleryCard.of(item, team.team());
    }

    private List<String> catalogModels() {
        List<String> names = new ArrayList<>();
        for (VideoProvider provider : providers.all()) {
            for (ModelCatalog.Model m : provider.catalog().models()) {
                if (!names.contains(m.name())) {
                    names.add(m.name());
                }
            }
        }
        return names;
    }

    /** The date of a field that passed {@link IsoDate}, or null (empty or invalid). */
    private static LocalDate date(String value, String field, Map<String, String> errors) {
        String text = Forms.blankToNull(value);
        return text == null || errors.containsKey(field) ? null : LocalDate.parse(text);
    }
}
