// The official OpenAI JavaScript SDK's webhooks.unwrap on deliveries Reelgate sent (Standard Webhooks signatures).
//   node src/test/sdk/webhooks.mjs cases.json
// cases.json: [{"name", "body", "headers": {...}, "secret": "whsec_...", "expect": "verified" | "rejected",
//               "type", "videoId"}] — body and headers exactly as received. Prints "ok <name> ..." or
// "not ok <name> ..." per case; exits 1 when any case does not come out as expected.
import fs from "node:fs";
import OpenAI from "openai";

const client = new OpenAI({ apiKey: "unused" });
const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let failed = 0;

for (const c of cases) {
  let outcome;
  try {
    const event = await client.webhooks.unwrap(c.body, c.headers, c.secret);
    outcome = c.expect === "verified" && event.type === c.type && event.data?.id === c.videoId && event.object === "event"
      ? `ok ${c.name} verified ${event.id} ${event.type} ${event.data.id}`
      : `not ok ${c.name} verified, but expected ${c.expect} of ${c.type} ${c.videoId}: ${JSON.stringify(event)}`;
  } catch (e) {
    outcome = c.expect === "rejected" && e instanceof OpenAI.InvalidWebhookSignatureError
      ? `ok ${c.name} rejected: ${e.message}`
      : `not ok ${c.name} expected ${c.expect}: ${e?.constructor?.name}: ${e?.message ?? e}`;
  }
  if (outcome.startsWith("not ok")) failed++;
  console.log(outcome);
}
console.log(failed === 0 ? "OK" : `${failed} case(s) failed`);
process.exit(failed === 0 ? 0 : 1);
