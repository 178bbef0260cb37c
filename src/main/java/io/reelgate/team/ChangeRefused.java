package io.reelgate.team;

/**
 * A change the rules do not allow (the last admin, an expired invitation, ...): the message says
 * why, for the user; the status is the HTTP status a page shows it with.
 */
public class ChangeRefused extends RuntimeException {

    private final int status;

    public ChangeRefused(String message) {
        this(message, 409);
    }

    public ChangeRefused(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
