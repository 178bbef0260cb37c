// The OpenAI JavaScript SDK against Reelgate's Videos API (docs/api.md):
//   REELGATE_URL=http://localhost:8080/v1 REELGATE_KEY=rg_... node docs/sdk-check/videos.mjs
import fs from "node:fs";
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.REELGATE_URL ?? "http://localhost:8080/v1", apiKey: process.env.REELGATE_KEY });
const model = process.env.REELGATE_MODEL ?? "simulator/sora-2";

let video = await client.videos.create({ model, prompt: "A paper boat on a rainy street", seconds: "4", size: "720x1280" });
// the JS SDK has no createAndPoll: poll until the status settles (reads never count against limits)
while (video.status === "queued" || video.status === "in_progress") {
  await new Promise((r) => setTimeout(r, 500));
  video = await client.videos.retrieve(video.id);
}
console.log("created", video.id, video.status);
if (video.status !== "completed") throw new Error(JSON.stringify(video));

const response = await client.videos.downloadContent(video.id);
const bytes = Buffer.from(await response.arrayBuffer());
fs.writeFileSync("/tmp/reelgate-sdk.mjs.mp4", bytes);
console.log("downloaded", bytes.length, "bytes");
if (bytes.length < 1000) throw new Error("too small");

const ids = [];
for await (const v of client.videos.list({ limit: 2 })) {
  ids.push(v.id);
  if (ids.length >= 3) break;
}
if (ids[0] !== video.id) throw new Error("newest first: " + ids);
console.log("listed", ids);

try {
  await client.videos.create({ model: "no-such-model", prompt: "x" });
  throw new Error("an unknown model should be refused");
} catch (e) {
  if (!(e instanceof OpenAI.BadRequestError) || e.param !== "model") throw e;
  console.log("refused", e.status, e.code, e.param);
}
console.log("OK");
