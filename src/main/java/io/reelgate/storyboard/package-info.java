/**
 * Storyboards: videos longer than one generation, budgeted and produced as a whole.
 *
 * <ul>
 * <li>A board ({@code Storyboard}) has a title, a "keep in every shot" text appended to each
 *   prompt, one size for every shot, and ordered shots ({@code StoryboardShot}: prompt, model,
 *   seconds, and a first frame: the previous shot's last frame, none, or an uploaded image, checked
 *   as the studio checks one and kept by the input sweep while a shot refers to it). Only shots
 *   without a take and a hold change, move or go ({@code BoardEdits}); {@code Storyboards} has the
 *   money and the runs. Each change is one transaction that locks the board row.</li>
 * <li>A board's cast ({@code BoardCast}, issue 30): up to three reference images (characters, a product, a
 *   style), each with a label and a kind, uploaded on the board page (checked as first frames are) and kept
 *   with the team's inputs while the cast or a take names them. {@code Casting} decides per shot what its
 *   model takes: as many images as it takes, of its kinds; where references cannot come with a first frame
 *   (Veo), a continuing shot starts from the cast instead of the last frame; a model without references
 *   continues from the last frame. Each shot says which it uses, and each take records the cast it was sent
 *   with ({@code storyboard_take_cast}). A shot its provider would refuse with the cast (references on a 4 s
 *   Veo shot) stops "generate" before anything is held; the price does not change with references.</li>
 * <li>"Generate" holds the money of every pending shot at once ({@code budget/Admission.hold}:
 *   the budget and the member's cap against the sum, all or nothing; holds count against no rate
 *   limit). Draft mode holds each shot on the cheapest of its model's draft models (the catalog's
 *   {@code final-model} pointing back); "make final" holds the draft shots again on their own
 *   models. Every take is recorded ({@code storyboard_take}) and every hold ({@code storyboard_hold}),
 *   so the board lists each take's charge and the ledger names the storyboard of each entry.</li>
 * <li>{@code BoardRunner} moves boards on after a change commits, when a shot's job finishes
 *   ({@code generation/JobFinished}, after commit) and every {@code reelgate.storyboards.sweep-every}
 *   for whatever a crash left. Sending a shot settles its hold ({@code SHOT_SUBMITTED}, never
 *   charged) and admits it as its own request in one transaction, so it counts against the rate
 *   limits then (queued for later when they are full). A continuing shot waits for its
 *   predecessor's video and gets its last frame ({@code studio/LastFrames}, stored once per video);
 *   fresh shots go at once. A failed take pauses the board with the failure explained: retry as is,
 *   edit and retry (a new hold for that shot), or stop (every hold released in the stopping
 *   transaction, running takes canceled; finished takes stay).</li>
 * <li>{@code Stitching} joins the takes when every shot is done ({@code media/Concat}: packets copied
 *   when the clips' codec settings match, decoded and encoded again otherwise), derives poster and
 *   spritesheet, and writes one finished video row with a chapter per shot
 *   ({@code generation/StitchedVideos}: no reservation; its page lists each shot's cost). The claim
 *   is a lease in the board row; files go under the board's cut number, so a retried stitch
 *   overwrites its own; the video row is written only if the board is still at that cut.</li>
 * </ul>
 */
package io.reelgate.storyboard;
