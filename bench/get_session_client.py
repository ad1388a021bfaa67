"""A visitor's "start chat" request, N times, against a running Odoo.

    python3 bench/get_session_client.py PORT CHANNEL_ID [N]

Each request is a new anonymous visitor (no cookie) starting a persisted session, as the
website widget does when the visitor sends their first message. `livechat_bench.py serve`
starts a stock and an "ours" server and prints the ports and channel ids to use, so that a
whole-process timer can pair the two commands run after run.
"""

import sys

import requests


def main():
    port, channel_id = int(sys.argv[1]), int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    url = f"http://127.0.0.1:{port}/im_livechat/get_session"
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"}
    for i in range(count):
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": i,
            "params": {"channel_id": channel_id, "persisted": True},
        }
        result = requests.post(url, json=body, headers=headers, timeout=30).json()
        if not (result.get("result") or {}).get("channel_id"):
            sys.exit(f"no session started: {result}")


if __name__ == "__main__":
    main()
