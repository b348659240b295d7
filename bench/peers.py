#!/usr/bin/env python3
"""Uncached requests that rotate over every pledge, against any HTTP server, for bench/peers.sh.
Bounded in time; traffic to 127.0.0.1 only. Prints: req/s | p50 ms | p99 ms | statuses.

    bench/peers.py KIND BASE IDS_FILE SECONDS CONNECTIONS

KIND: rest (the pledge with focus areas and activities), graphql (the same tree through our
GraphQL), postgraphile (the same tree through PostGraphile 4), activities (a page of 50 activities
for a random filter or pair of filters), ceiling (one cached URL: what this generator can drive).
"""
import http.client
import json
import random
import sys
import threading
import time

KIND, BASE, IDS_FILE, SECONDS, CONNECTIONS = sys.argv[1:6]
HOST, PORT = BASE.removeprefix("http://").split(":")
PORT, SECONDS, CONNECTIONS = int(PORT), float(SECONDS), int(CONNECTIONS)
IDS = [line.strip() for line in open(IDS_FILE) if line.strip()]
MUNICIPALITIES = [line.strip() for line in open(IDS_FILE.replace("pledge-ids", "municipality-ids"))
                  if line.strip()]
THEMES = ["alcohol_drugs", "youth_at_risk", "vulnerable_areas", "public_space", "traffic_safety",
          "property_crime", "situational_picture", "interagency_cooperation"]
STATUSES = ["planned", "in_progress", "completed", "cancelled", "unknown"]

OURS = """query($id: String!) { pledge(id: $id) { id title periodStart periodEnd
  focusAreas(first: 50) { edges { node { id title description themes { code }
    activities(first: 100) { edges { node { id title status statusSince } } } } } } } }"""
THEIRS = """query($id: String!) { pledgeByPublicId(publicId: $id) { publicId title periodStart periodEnd
  focusAreasByPledgeId(orderBy: POSITION_ASC) { nodes { publicId title description
    focusAreaThemesByFocusAreaId { nodes { themeByThemeId { code } } }
    activitiesByFocusAreaId(orderBy: POSITION_ASC) { nodes { publicId title status statusSince } } } } } }"""


def activities_path():
    m = random.choice(MUNICIPALITIES)
    one = [f"municipality={m}", f"theme={random.choice(THEMES)}",
           f"status={random.choice(STATUSES)}", f"year={random.randint(2016, 2030)}"]
    picked = random.sample(one, random.choice([1, 2]))
    return "/v1/activities?" + "&".join(picked) + "&limit=50"


def request():
    pid = random.choice(IDS)
    if KIND == "rest":
        return "GET", f"/v1/pledges/{pid}?include=focus_areas,activities", None
    if KIND == "activities":
        return "GET", activities_path(), None
    if KIND == "ceiling":
        return "GET", "/healthz", None
    query, path = (OURS, "/graphql") if KIND == "graphql" else (THEIRS, "/graphql")
    return "POST", path, json.dumps({"query": query, "variables": {"id": pid}})


def work(stop, out):
    conn = None
    while not stop.is_set():
        method, path, body = request()
        started = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            headers = {"Content-Type": "application/json"} if body else {}
            conn.request(method, path, body=body, headers=headers)
            res = conn.getresponse()
            data = res.read()
            status = res.status
            if status == 200 and body and b'"errors"' in data[:200]:
                status = "graphql-error"
        except (OSError, http.client.HTTPException):
            conn, status = None, "error"
        out.append((time.perf_counter() - started, status))


def main():
    stop = threading.Event()
    outs = [[] for _ in range(CONNECTIONS)]
    threads = [threading.Thread(target=work, args=(stop, o)) for o in outs]
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join()
    done = [x for o in outs for x in o]
    latencies = sorted(d for d, _ in done)
    statuses = {}
    for _, s in done:
        statuses[s] = statuses.get(s, 0) + 1
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"{len(done) / SECONDS:.0f} | {pick(0.5):.1f} | {pick(0.99):.1f} | "
          + ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))))


main()
