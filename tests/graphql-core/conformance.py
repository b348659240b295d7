"""GraphQL's reference implementation (graphql-core) beside the server, for tests/api/graphql/reference.rs.

1. Reads the served schema by introspection and prints it; prints the committed SDL the same way.
2. Validates each query with graphql-core and sends it to the server: a query graphql-core finds
   invalid must be refused (errors, no data), a valid one answered (data, no errors).

Usage: python conformance.py BASE_URL SDL_FILE QUERIES_JSON. Prints JSON on stdout; judges nothing.
"""

import json
import sys
import urllib.request

from graphql import (
    build_client_schema,
    build_schema,
    get_introspection_query,
    parse,
    print_schema,
    validate,
)


def post(base, query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(
        base + "/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main():
    base, sdl_file, queries_file = sys.argv[1:4]
    served = post(base, get_introspection_query(descriptions=True), {})
    if served.get("errors"):
        raise SystemExit(f"introspection failed: {served['errors']}")
    served_schema = build_client_schema(served["data"])
    with open(sdl_file, encoding="utf-8") as f:
        committed_schema = build_schema(f.read())
    with open(queries_file, encoding="utf-8") as f:
        cases = json.load(f)
    results = []
    for case in cases:
        errors = validate(served_schema, parse(case["query"]))
        answer = post(base, case["query"], case.get("variables", {}))
        results.append(
            {
                "query": case["query"],
                "reference_errors": [e.message for e in errors],
                "server_errors": [e.get("message") for e in answer.get("errors") or []],
                "server_data": answer.get("data") is not None,
            }
        )
    json.dump(
        {
            "served_sdl": print_schema(served_schema),
            "committed_sdl": print_schema(committed_schema),
            "cases": results,
        },
        sys.stdout,
    )


main()
