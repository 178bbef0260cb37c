package io.reelgate.budget;

/**
 * A generation request (create or remix) to admit: who asks, in which team, for what. With
 * {@code scheduleIfLimited} a request refused only by a rate limit is admitted for the earliest
 * instant it fits instead; {@code withAudio} prices sound where the model lets the request choose;
 * {@code extension}: the seconds are what an extension of a finished video adds, priced per second
 * at the model's price whether or not the model makes videos of that length.
 */
public record AdmissionRequest(long teamId, long memberId, String provider, String model, String size, int seconds,
        boolean scheduleIfLimited, boolean withAudio, boolean extension) {

    public AdmissionRequest(long teamId, long memberId, String provider, String model, String size, int seconds,
            boolean scheduleIfLimited, boolean withAudio) {
        this(teamId, memberId, provider, model, size, seconds, scheduleIfLimited, withAudio, false);
    }

    public AdmissionRequest(long teamId, long memberId, String provider, String model, String size, int seconds,
            boolean scheduleIfLimited) {
        this(teamId, memberId, provider, model, size, seconds, scheduleIfLimited, false);
    }
}
