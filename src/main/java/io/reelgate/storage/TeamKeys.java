package io.reelgate.storage;

/**
 * Where a team's objects live in the bucket — the one place the layout is written. Everything of a
 * team is under {@code teams/{team}/}: input images (uploads and last frames) under {@code inputs/},
 * each video's files (video, poster, spritesheet) under {@code videos/{job}/}, a storyboard's stitched
 * cuts under {@code storyboards/{board}/cut-{n}/}.
 */
public final class TeamKeys {

    private TeamKeys() {
    }

    /** {@code teams/{team}/inputs/}: the team's first-frame images. */
    public static String inputs(long teamId) {
        return "teams/" + teamId + "/inputs/";
    }

    /** {@code teams/{team}/videos/{job}/}: one job's stored files. */
    public static String videoFiles(long teamId, long jobId) {
        return "teams/" + teamId + "/videos/" + jobId + "/";
    }

    /** {@code teams/{team}/storyboards/{board}/cut-{n}/}: the files of one stitched cut of a storyboard. */
    public static String storyboardCut(long teamId, long storyboardId, int cut) {
        return "teams/" + teamId + "/storyboards/" + storyboardId + "/cut-" + cut + "/";
    }
}
