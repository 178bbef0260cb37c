// The JavaScript SDK check moved to src/test/sdk/videos.mjs, where CI runs it against the packaged app
// (OpenAiSdkIT; docs/api.md, "Running the SDK check locally"). This keeps the old command working:
//   npm ci --prefix src/test/sdk
//   REELGATE_URL=http://localhost:8080/v1 REELGATE_KEY=rg_... node docs/sdk-check/videos.mjs
import "../../src/test/sdk/videos.mjs";
