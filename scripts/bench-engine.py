#!/usr/bin/env python3
"""Decode throughput of a running OpenAI-compatible server, one stream against several at once.

    python3 scripts/bench-engine.py --url http://127.0.0.1:PORT/v1 --model NAME [--concurrency 1,2,4] [--tokens 256]

Each request asks for the same kind of code (different task per stream, fixed seed, temperature
0.2) and runs to max_tokens. Prints, per concurrency level, the tokens decoded, wall time,
aggregate tokens/s and tokens/s per stream (from the server's `usage` counts; llama-server's own
decode-only rate too), as JSON lines.
"""
import argparse
import concurrent.futures
import json
import time
import urllib.request

TASKS = [
    "Write a Python function that parses an ISO 8601 duration string into seconds, with tests.",
    "Write a Python class implementing an LRU cache with get, put and a capacity, with docstrings.",
    "Write a Python function that merges overlapping intervals and explain each step in comments.",
    "Write a Python function that validates an IPv4 address without using the ipaddress module.",
    "Write a Python function that computes the Levenshtein distance between two strings.",
    "Write a Python function that flattens a nested dictionary into dotted keys.",
    "Write a Python function that reads a CSV text and returns the column averages.",
    "Write a Python generator that yields prime numbers forever, with a docstring.",
]


# A repair turn: the model re-emits code it was shown with one change, as Kiln's repair rounds do.
REPAIR_CODE = "\n".join(
    f"def step_{i}(values: list[int]) -> list[int]:\n    \"\"\"Return values with {i} added to each.\"\"\"\n    return [v + {i} for v in values]\n"
    for i in range(12)
)
REPAIR_TASK = (
    "Here is a module:\n```python\n" + REPAIR_CODE + "```\nThe tests say step_3 must subtract 3 instead of adding it. "
    "Reply with the whole corrected module in one fenced code block, every other function unchanged."
)


def complete(url, model, task, tokens, seed):
    body = json.dumps(
        {
            "model": model,
            "messages": [{"role": "user", "content": task}],
            "max_tokens": tokens,
            "temperature": 0.2,
            "seed": seed,
            # Decode the full budget so every stream does the same amount of work (a repair turn
            # ends where the code ends, as it would in Kiln).
            "ignore_eos": task != REPAIR_TASK,
        }
    ).encode()
    request = urllib.request.Request(url + "/chat/completions", data=body, headers={"Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=900) as response:
        reply = json.load(response)
    decode = (reply.get("timings") or {}).get("predicted_per_second")  # llama-server only
    return reply["usage"]["completion_tokens"], time.monotonic() - started, decode


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--concurrency", default="1,2,4")
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--repair", action="store_true", help="every request is the same repair turn (speculative decoding's case)")
    arguments = parser.parse_args()
    if arguments.repair:
        TASKS[:] = [REPAIR_TASK]
    complete(arguments.url, arguments.model, "Say hello.", 8, 0)  # load and warm up
    for level in [int(x) for x in arguments.concurrency.split(",")]:
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(level) as pool:
            results = list(
                pool.map(lambda i: complete(arguments.url, arguments.model, TASKS[i % len(TASKS)], arguments.tokens, i), range(level))
            )
        wall = time.monotonic() - started
        tokens = sum(r[0] for r in results)
        print(
            json.dumps(
                {
                    "concurrency": level,
                    "tokens": tokens,
                    "wall_s": round(wall, 2),
                    "aggregate_tok_s": round(tokens / wall, 1),
                    "per_stream_tok_s": round(sum(r[0] / r[1] for r in results) / level, 1),
                    "decode_tok_s_per_stream": round(sum(r[2] for r in results) / level, 1) if all(r[2] for r in results) else None,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
