package io.reelgate.provider;

/** Cursor pagination for {@code GET /videos}: {@code after} is the last id of the previous page. */
public record ListQuery(int limit, String after, boolean newestFirst) {

    public static ListQuery first(int limit) {
        return new ListQuery(limit, null, true);
    }

    public ListQuery next(String lastId) {
        return new ListQuery(limit, lastId, newestFirst);
    }
}
