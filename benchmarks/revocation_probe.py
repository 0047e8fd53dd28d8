#!/usr/bin/env python3
"""Revocation seen by a second node (issue 10): how long after a session ends on node A does node B refuse it?

  revocation_probe.py --a PORT_A --b PORT_B [--samples 200] [--host acme.localhost] [--email bob@acme.test]

Per sample: a new session signs in on node A; node B answers get-session for it once from the database (which issues
B's cache cookie) and once from the cookie cache (checked: a cache hit, so B would keep accepting it from the cache
until its revocation feed says otherwise); the session signs out on node A; then node B is asked every millisecond,
with the frozen cookies, until it answers `null`. The time from the sign-out's response (the revocation is committed)
to B's first `null` is the sample. Prints one line per mode: p50, p99, max in ms, and timeouts (10 s).
"""
import argparse, http.client, json, sys, time

p = argparse.ArgumentParser()
p.add_argument("--a", type=int, required=True)
p.add_argument("--b", type=int, required=True)
p.add_argument("--samples", type=int, default=200)
p.add_argument("--host", default="acme.localhost")
p.add_argument("--email", default="bob@acme.test")
p.add_argument("--password", default="Passw0rd!")
p.add_argument("--label", default="")
p.add_argument("--timeout", type=float, default=10.0)
args = p.parse_args()


class Node:
    def __init__(self, port):
        self.port, self.conn = port, None

    def request(self, method, path, cookies, body=None):
        headers = {"Host": f"{args.host}:{self.port}", "Origin": f"http://{args.host}:{self.port}"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, set_cookies(response), data
            except (http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 2:
                    raise


def set_cookies(response):
    jar = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            k, _, v = pair.partition("=")
            jar[k.strip()] = v.strip()
    return jar


a, b = Node(args.a), Node(args.b)
samples, timeouts, not_cached = [], 0, 0
for i in range(args.samples):
    status, jar, _ = a.request("POST", "/api/auth/sign-in/email", None, {"email": args.email, "password": args.password, "rememberMe": True})
    session = {k: v for k, v in jar.items() if v and not k.endswith("_cache")}
    if status != 200 or not session:
        sys.exit(f"probe: sign-in on node A answered {status}")
    status, jar, body = b.request("GET", "/api/auth/get-session", session)
    cookies = dict(session, **{k: v for k, v in jar.items() if v and k.endswith("_cache")})
    status, _, body = b.request("GET", "/api/auth/get-session", cookies)
    if status != 200 or body.strip() == b"null":
        sys.exit(f"probe: node B did not accept the new session ({status})")
    if len(cookies) < 2:
        not_cached += 1
    status, _, _ = a.request("POST", "/api/auth/sign-out", cookies, {})
    if status != 200:
        sys.exit(f"probe: sign-out on node A answered {status}")
    revoked = time.perf_counter()
    while True:
        status, _, body = b.request("GET", "/api/auth/get-session", cookies)
        now = time.perf_counter()
        if body.strip() == b"null":
            samples.append((now - revoked) * 1000)
            break
        if now - revoked > args.timeout:
            timeouts += 1
            break
        time.sleep(0.001)

samples.sort()
def pct(q):
    return samples[min(len(samples) - 1, max(0, int(round(q / 100 * len(samples) + 0.5)) - 1))] if samples else float("nan")
print(f"REVOCATION label={args.label} samples={len(samples)} p50_ms={pct(50):.1f} p99_ms={pct(99):.1f} max_ms={(samples[-1] if samples else float('nan')):.1f} timeouts={timeouts} without_cache_cookie={not_cached}")
