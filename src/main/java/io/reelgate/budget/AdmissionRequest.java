package io.reelgate.budget;

/**
 * A generation request (create or remix) to admit: who asks, in which team, for what. With
 * {@code scheduleIfLimited} a request refused only by a rate limit is admitted for the earliest
 * instant it fits instead; {@code withAudio} prices sound where the model lets the request choose.
 */
public record AdmissionRequest(long teamId, long memberId, String provider, String model, String size, int seconds,
        boolean scheduleIfLimited, boolean withAudio) {

    public AdmissionRequest(long teamId, long memberId, String provider, String model, String size, int seconds,
            boolean scheduleIfLimited) {
        this(teamId, memberId, provider, model, size, seconds, scheduleIfLimited, false);
    }
}
