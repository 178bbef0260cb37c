/**
 * Money and limits: price book, admission, settlement, the ledger and its reconciliation, budget settings.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Money and limits (budget/)</h2>
 *
 * Money is `Money`, a `long` of micro-dollars with the only parsing and formatting. Prices come
 * from the provider's catalog (`PriceBook`: USD per second by model and size × seconds; credits per
 * second by resolution class as a second unit). Budget periods are monthly from a reset day (1–28)
 * at local midnight in the team's time zone (`BudgetPeriod`, the only place boundaries are
 * computed; a period spanning a clock change is an hour shorter or longer). The daily request limit
 * counts calendar days in the team's zone; the per-minute limit is a sliding 60-second window.
 *
 * **Admission** (`Admission` → `AdmissionSql`) is one transaction per request:
 *
 * 1. Price the request; an invalid model/size/seconds is refused before touching the database.
 * 2. Take the team's **money lock**: `pg_advisory_xact_lock(<Reelgate>, team id)`, held to commit.
 *    Every write to a team's money — admission, settlement, refund, adjustment, budget change —
 *    takes this lock first, so they serialise per team on any number of instances. An advisory
 *    lock writes nothing (a `FOR UPDATE` row lock rewrites the tuple), and it is taken in its own
 *    statement: a statement that waits for a lock reads everything else from the snapshot it took
 *    before waiting, so the reads come in a second statement sent in the same round trip.
 * 3. Read in one statement: budget settings and tier, the period's running totals (team and
 *    member), the member's cap, today's request count, and per-second request counts.
 * 4. Check in order — archived team, budget (`spent + reserved + cost ≤ budget`, or
 *    `budget × (1 + allowance)` with a soft cap), member cap, daily limit, per-minute limit — and
 *    either refuse with a typed `Rejected` carrying its numbers (remaining and needed, retry-after
 *    and the earliest slot, reset time, offending parameter), writing nothing, or
 * 5. write in one statement the `reservation` (the admitted request, its price per second fixed),
 *    its `RESERVE` ledger entry, the team and member `reserved` totals, and the day and second
 *    request counters.
 *
 * Rate limits count admitted requests at `counts_at` — now, or the not-before time of a request
 * that asked to be **scheduled** when only a rate limit stood in the way (its cost is reserved
 * now, its slot is the earliest instant both limits allow: `RateWindow.earliest`). The fast path
 * decides from counters: fewer than *N* requests in the 61 whole seconds up to now and nothing
 * scheduled later means there is room (the count over-approximates any 60 s window containing now).
 * Otherwise the exact slot search over the reservations' timestamps decides.
 *
 * **Settlement** (`Settlement` → `SettlementSql`; a provider may set its own policy for refused
 * outputs, `charge-moderation-blocked`) takes the same team lock, then locks the
 * reservation row: if it is still open it appends `RELEASE` (the reservation) and `CHARGE` (what the
 * outcome costs: actual seconds × the admitted price when completed; nothing for a sentinel block,
 * a failure or a cancel before submission; per policy for moderation blocks, expired content and
 * cancels after submission), moves the totals, marks it settled, and records each alert threshold
 * the charge crossed in `budget_alert` (unique per team, period and threshold, so each alerts once
 * per period). A second call, sequential or concurrent, finds it settled and changes nothing.
 * Where the provider reported what it billed for a completed job (OpenRouter's `usage.cost`, on
 * `video_job.billed_micros`), the charge is the bill — capped at the reservation under a hard cap,
 * whole under a soft cap — and the reservation keeps `price_book_micros` and `billed_micros` for the
 * operators' drift report (`Ledger.drift`, `BillingDrift`).
 *
 * The **ledger** is append-only (`RESERVE`, `RELEASE`, `CHARGE`, `REFUND`, `ADJUSTMENT`); running
 * totals per team and period (and per member) are kept in the same transaction, so a balance is one
 * row. `Ledger.reconcile()` checks every total against the sum of its entries and every period's
 * `reserved` against its open reservations; tests run it after every concurrency scenario and
 * operators see it at `/ops/reconciliation`. The hot money tables carry no foreign keys (a
 * foreign-key check share-locks the team row, which under concurrency means multixact churn);
 * their ids are written only by `MoneySql`.
 *
 * `GET /t/{team}/estimate` (HTMX fragment or JSON) runs the same checks without locking or writing:
 * cost and credits, budget left after the request, requests left this minute and today, and the
 * reason a request would be refused.
 *
 * <h2>Transactions</h2>
 *
 * A transaction boundary is a visible `@Transactional` on the service method that owns the
 * invariant (`UserDirectory.signIn`, `TeamDirectory.create`/`putMember`, `Admission.admit`,
 * `Settlement.settle`, `MemberAdmin`, `Invitations`, `TeamSettings.save`, `Operations`), never on
 * resources. The money SQL (`AdmissionSql`, `SettlementSql`, `MoneySql` — named for what they are: the
 * statements behind the `Admission`, `Settlement` and `Ledger` services; V3's comments still call `MoneySql`
 * by its first name, `MoneyLedger`, as landed migrations are never edited) is plain JDBC on the caller's
 * connection and never commits itself: in the app the
 * connection is the JTA transaction's, in multi-instance tests a second pool's.
 * Entities are Panache active-record entities with public fields; ids are `bigint identity`;
 * instants are `timestamptz`; money (later) is `long` micro-dollars.
 */
package io.reelgate.budget;
