#!/usr/bin/env python3
"""Load scenarios for the hardening of the public service (issue 12), against a running release
binary. Bounded in time; sends traffic to 127.0.0.1 only. Prints one Markdown row per scenario.

    bench/hardening.py SCENARIO BASE [PID]

Scenarios: starve (16 clients that never read an export), budget (one client over its budget),
sigterm (SIGTERM under 32 connections), rss (60 s of uncached random reads, RSS sampled).
"""
import http.client
import os
import random
import signal
import socket
import sys
import threading
import time

BASE = sys.argv[2]
HOST, PORT = BASE.removeprefix("http://").split(":")
PORT = int(PORT)
MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "290"))
THEMES = ["alcohol_drugs", "youth_at_risk", "vulnerable_areas", "public_space", "traffic_safety",
          "property_crime", "situational_picture", "interagency_cooperation"]
STATUSES = ["planned", "in_progress", "completed", "cancelled", "unknown"]


def random_read():
    """A read the response cache has not seen: many filter combinations over all municipalities."""
    m = f"syn-{random.randint(1, MUNICIPALITIES):04d}"
    return random.choice([
        f"/v1/activities?municipality={m}&limit=50",
        f"/v1/activities?theme={random.choice(THEMES)}&status={random.choice(STATUSES)}&limit=50",
        f"/v1/pledges?municipality={m}&include=focus_areas,activities",
        f"/v1/municipalities/{m}/pledge",
        f"/v1/focus-areas?municipality={m}&year={random.randint(2016, 2025)}",
    ])


class Client:
    """One keep-alive connection; a new one after an error."""

    def __init__(self, headers=None):
        self.headers = headers or {}
        self.conn = None

    def get(self, path, timeout=30):
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
                self.conn.request("GET", path, headers=self.headers)
                res = self.conn.getresponse()
                res.read()
                return res.status
            except (OSError, http.client.HTTPException):
                self.conn = None
                if attempt == 1:
                    return None
        return None


def loop(seconds, work, threads):
    """Runs `work(stop)` on `threads` threads for `seconds`; returns their results."""
    stop = threading.Event()
    results = [None] * threads

    def run(i):
        results[i] = work(stop)

    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in ts:
        t.join()
    return results


def tally(statuses):
    out = {}
    for s in statuses:
        out[s] = out.get(s, 0) + 1
    return ", ".join(f"{k}×{v}" for k, v in sorted(out.items(), key=lambda kv: str(kv[0])))


def starve():
    hogs = []
    for _ in range(16):
        s = socket.create_connection((HOST, PORT))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(f"GET /v1/exports/activities.ndjson HTTP/1.1\r\nHost: {HOST}:{PORT}\r\n\r\n".encode())
        hogs.append(s)
    time.sleep(2)

    def reads(stop):
        c, seen = Client(), []
        while not stop.is_set():
            seen.append(c.get(random_read()))
        return seen

    def ready(stop):
        c, seen = Client(), []
        while not stop.is_set():
            seen.append(c.get("/readyz"))
            time.sleep(0.1)
        return seen

    results = {}
    t = threading.Thread(target=lambda: results.setdefault("ready", loop(15, ready, 1)))
    t.start()
    got = [s for r in loop(15, reads, 8) for s in r]
    t.join()
    for s in hogs:
        s.close()
    readyz = [s for r in results["ready"] for s in r]
    print(f"| 16 clients hold export downloads open and never read; 8 others read uncached for 15 s "
          f"| reads: {tally(got)} ({len(got) / 15:.0f}/s); /readyz: {tally(readyz)} |")


def budget():
    def client(ip, pause):
        def work(stop):
            c, seen = Client({"X-Forwarded-For": ip}), []
            while not stop.is_set():
                seen.append(c.get(random_read()))
                time.sleep(pause)
            return seen
        return work

    alone = [s for r in loop(10, client("198.51.100.2", 0.2), 4) for s in r]
    results = {}
    heavy_t = threading.Thread(target=lambda: results.setdefault(
        "heavy", loop(10, client("198.51.100.1", 0.0), 4)))
    heavy_t.start()
    others = [s for r in loop(10, client("198.51.100.2", 0.2), 4) for s in r]
    heavy_t.join()
    heavy = [s for r in results["heavy"] for s in r]
    print(f"| one client (4 connections, no pause) over its uncached budget, beside 4 polite connections of another "
          f"| over budget: {tally(heavy)}; the other, alone: {tally(alone)} ({len(alone) / 10:.1f}/s), "
          f"beside it: {tally(others)} ({len(others) / 10:.1f}/s) |")


def sigterm(pid):
    unready = threading.Event()
    served, failed = [0], [0]
    lock = threading.Lock()

    def work(stop):
        c = Client()
        while not stop.is_set() and not unready.is_set():
            s = c.get(random.choice(["/v1/themes", "/v1/municipalities?limit=20", random_read()]))
            with lock:
                if s == 200:
                    served[0] += 1
                else:
                    failed[0] += 1
        return None

    def watch():
        c = Client()
        while True:
            if c.get("/readyz", timeout=5) != 200:
                unready.set()  # like a load balancer: stop sending new requests
                return
            time.sleep(0.05)

    def term():
        time.sleep(3)
        os.kill(pid, signal.SIGTERM)

    threading.Thread(target=term).start()
    threading.Thread(target=watch).start()
    started = time.time()
    loop(8, work, 32)
    code = None
    for _ in range(200):
        try:
            waited, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            status = 0
            waited = pid
        if waited == pid:
            code = os.waitstatus_to_exitcode(status)
            break
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(") ")[1].startswith("Z"):
                    code = "exited"
                    break
        except (FileNotFoundError, IndexError):
            code = "exited"
            break
        time.sleep(0.1)
    print(f"| SIGTERM after 3 s under 32 connections (each stops when /readyz turns 503) "
          f"| {served[0]} served, {failed[0]} failed; process ended: {code} "
          f"({time.time() - started:.1f} s after the load began) |")


def rss(pid):
    def kb():
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    start = kb()
    samples = []

    def sample(stop):
        while not stop.is_set():
            samples.append(kb())
            time.sleep(1)
        return None

    def reads(stop):
        c, seen = Client(), []
        while not stop.is_set():
            seen.append(c.get(random_read()))
        return seen

    t = threading.Thread(target=lambda: loop(60, sample, 1))
    t.start()
    got = [s for r in loop(60, reads, 16) for s in r]
    t.join()
    time.sleep(5)
    idle = kb()
    print(f"| 60 s of uncached random reads, 16 connections "
          f"| {tally(got)} ({len(got) / 60:.0f}/s); RSS {start // 1024} MB at start, "
          f"max {max(samples) // 1024} MB, {idle // 1024} MB idle 5 s after |")


if __name__ == "__main__":
    scenario = sys.argv[1]
    pid = int(sys.argv[3]) if len(sys.argv) > 3 else None
    {"starve": starve, "budget": budget,
     "sigterm": lambda: sigterm(pid), "rss": lambda: rss(pid)}[scenario]()
