"""The OpenAI Python SDK against Reelgate's Videos API: create, poll, download, list, remix, delete.

    REELGATE_URL=http://localhost:8080/v1 REELGATE_KEY=rg_... python docs/sdk-check/videos.py

Exits non-zero when anything does not behave as the SDK expects (docs/api.md).
"""
import os
import sys

from openai import OpenAI, NotFoundError, BadRequestError

client = OpenAI(base_url=os.environ.get("REELGATE_URL", "http://localhost:8080/v1"), api_key=os.environ["REELGATE_KEY"])
model = os.environ.get("REELGATE_MODEL", "simulator/sora-2")

video = client.videos.create_and_poll(model=model, prompt="A lighthouse at dawn, waves below", seconds="4",
                                      size="1280x720", poll_interval_ms=500)
print("created", video.id, video.status, video.seconds, video.size)
assert video.status == "completed", video

content = client.videos.download_content(video.id)
content.write_to_file("/tmp/reelgate-sdk.mp4")
size = os.path.getsize("/tmp/reelgate-sdk.mp4")
print("downloaded", size, "bytes")
assert size > 1000
thumb = client.videos.download_content(video.id, variant="thumbnail").read()
assert len(thumb) > 100

page = client.videos.list(limit=1)
assert page.data[0].id == video.id, page
print("listed", [v.id for v in page.data])

remix = client.videos.remix(video.id, prompt="The same lighthouse at night")
remix = client.videos.poll(remix.id, poll_interval_ms=500)
assert remix.remixed_from_video_id == video.id and remix.status == "completed", remix
print("remixed", remix.id)

try:
    client.videos.create(model=model, prompt="x", seconds="5")
    sys.exit("seconds=5 should be refused")
except BadRequestError as e:
    assert e.body["param"] == "seconds", e.body
    print("refused", e.status_code, e.body["code"], e.body["param"])

deleted = client.videos.delete(video.id)
assert deleted.deleted
try:
    client.videos.retrieve(video.id)
    sys.exit("a deleted video should be gone")
except NotFoundError:
    print("deleted", video.id)
print("OK")
