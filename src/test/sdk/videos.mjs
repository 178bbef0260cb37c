// The official OpenAI JavaScript SDK (the version pinned in package-lock.json) against Reelgate's /v1/videos.
//   REELGATE_URL=http://127.0.0.1:8080/v1 REELGATE_KEY=rg_... node src/test/sdk/videos.mjs
// Prints one line per check, "ok <check> <detail>" or "not ok <check> <what went wrong>"; exits 1 when any
// check fails. OpenAiSdkIT runs it against the packaged app; docs/api.md says how to run it by hand.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.REELGATE_URL ?? "http://localhost:8080/v1", apiKey: process.env.REELGATE_KEY });
const model = process.env.REELGATE_MODEL ?? "simulator/sora-2";
const deadlineMs = Number(process.env.REELGATE_DEADLINE_MS ?? 60000);
let failed = 0;

async function check(name, body) {
  try {
    console.log(`ok ${name} ${(await body()) ?? ""}`.trimEnd());
  } catch (e) {
    failed++;
    console.log(`not ok ${name} ${e?.stack ?? e}`.replace(/\n/g, "\n  "));
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// This SDK has no videos.createAndPoll (Python's create_and_poll): poll retrieve until the status settles.
async function poll(id) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const video = await client.videos.retrieve(id);
    if (video.status !== "queued" && video.status !== "in_progress") return video;
    expect(Date.now() < until, `${id} still ${video.status} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function createAndPoll(body) {
  return poll((await client.videos.create(body)).id);
}

function hex(bytes, from, to) {
  return Buffer.from(bytes.subarray(from, to)).toString("hex");
}

function isImage(bytes) {
  const jpeg = hex(bytes, 0, 3) === "ffd8ff";
  const webp = Buffer.from(bytes.subarray(0, 4)).toString("latin1") === "RIFF"
    && Buffer.from(bytes.subarray(8, 12)).toString("latin1") === "WEBP";
  return jpeg ? "JPEG" : webp ? "WebP" : null;
}

async function download(id, variant) {
  const response = await client.videos.downloadContent(id, { variant });
  return new Uint8Array(await response.arrayBuffer());
}

let first;
let second;
let remix;

await check("create", async () => {
  const video = await client.videos.create({ model, prompt: "A paper boat on a rainy street", seconds: "4", size: "720x1280" });
  expect(video.object === "video" && /^video_\d+$/.test(video.id), `not a video: ${JSON.stringify(video)}`);
  expect(video.status === "queued" || video.status === "in_progress", `status ${video.status}`);
  second = video;
  return `${video.id} ${video.status}`;
});

await check("createAndPoll", async () => {
  first = await createAndPoll({ model, prompt: "A lighthouse at dawn, waves below", seconds: "4", size: "1280x720" });
  expect(first.status === "completed", `ended ${JSON.stringify(first)}`);
  return `${first.id} completed`;
});

await check("retrieve", async () => {
  const video = await client.videos.retrieve(first.id);
  expect(video.id === first.id && video.status === "completed" && video.progress === 100, JSON.stringify(video));
  expect(video.seconds === "4" && video.size === "1280x720" && video.prompt === "A lighthouse at dawn, waves below",
    `fields: ${JSON.stringify(video)}`);
  expect(typeof video.completed_at === "number" && video.completed_at >= video.created_at, `times: ${JSON.stringify(video)}`);
  return `${video.id} ${video.model} ${video.seconds}s ${video.size}`;
});

await check("downloadContent video", async () => {
  const bytes = await download(first.id, "video");
  const box = Buffer.from(bytes.subarray(4, 8)).toString("latin1");
  expect(box === "ftyp", `no MP4 ftyp box at offset 4 (bytes 0-11: ${hex(bytes, 0, 12)})`);
  return `${bytes.length} bytes, MP4`;
});

for (const variant of ["thumbnail", "spritesheet"]) {
  await check(`downloadContent ${variant}`, async () => {
    const bytes = await download(first.id, variant);
    const kind = isImage(bytes);
    expect(kind, `neither JPEG nor WebP (bytes 0-11: ${hex(bytes, 0, 12)})`);
    return `${bytes.length} bytes, ${kind}`;
  });
}

await check("remix", async () => {
  const started = await client.videos.remix(first.id, { prompt: "The same lighthouse at night" });
  expect(started.remixed_from_video_id === first.id, `remixed_from_video_id ${started.remixed_from_video_id}`);
  remix = await poll(started.id);
  expect(remix.status === "completed", `ended ${JSON.stringify(remix)}`);
  return `${remix.id} from ${first.id}`;
});

await check("list with auto-pagination", async () => {
  second = await poll(second.id);
  const ids = [];
  // limit 1: every video is its own page, so the SDK must follow has_more / after, newest first down to
  // the oldest of this run's videos (a dev database may hold more)
  for await (const video of client.videos.list({ limit: 1 })) {
    ids.push(video.id);
    if (video.id === second.id) break;
    expect(ids.length <= 1000, `${second.id} not among the first 1000 videos listed`);
  }
  const expected = [remix.id, first.id, second.id];
  expect(expected.every((id) => ids.includes(id)), `listed ${ids}, expected ${expected} among them`);
  expect(ids.indexOf(remix.id) < ids.indexOf(first.id) && ids.indexOf(first.id) < ids.indexOf(second.id),
    `not newest first: ${ids}`);
  const page = await client.videos.list({ limit: 1 });
  expect(page.data.length === 1 && page.hasNextPage(), `first page: ${JSON.stringify(page.data)}, has_more ${page.has_more}`);
  return `${ids.length} pages of one: ${ids.join(" ")}`;
});

await check("400 BadRequestError with param", async () => {
  try {
    await client.videos.create({ model, prompt: "A lighthouse", seconds: "5" });
  } catch (e) {
    expect(e instanceof OpenAI.BadRequestError, `${e?.constructor?.name}: ${e}`);
    expect(e.status === 400 && e.param === "seconds" && typeof e.code === "string", `status ${e.status} param ${e.param} code ${e.code}`);
    return `${e.status} ${e.code} param=${e.param}`;
  }
  throw new Error("seconds=5 was accepted");
});

await check("404 NotFoundError", async () => {
  try {
    await client.videos.retrieve("video_999999999");
  } catch (e) {
    expect(e instanceof OpenAI.NotFoundError, `${e?.constructor?.name}: ${e}`);
    return `${e.status} ${e.code}`;
  }
  throw new Error("an unknown id was found");
});

await check("delete", async () => {
  const deleted = await client.videos.delete(second.id);
  expect(deleted.id === second.id && deleted.deleted === true, JSON.stringify(deleted));
  try {
    await client.videos.retrieve(second.id);
  } catch (e) {
    expect(e instanceof OpenAI.NotFoundError, `after delete: ${e?.constructor?.name}: ${e}`);
    return `${second.id} deleted, then 404`;
  }
  throw new Error(`${second.id} is still there after delete`);
});

console.log(failed === 0 ? "OK" : `${failed} check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
