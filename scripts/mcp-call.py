#!/usr/bin/env python3
"""Call one `kiln mcp` tool the way a coding agent does, with the official MCP client.

    pip install mcp==2.3.0
    python3 scripts/mcp-call.py check '{"code": "import os\\nos.system(input())", "filename": "app.py"}'
    python3 scripts/mcp-call.py generate_function '{"spec": "..."}' --kiln .build/debug/kiln -- --model qwen2.5-coder-0.5b

Prints the progress notifications to stderr as they arrive, then what the agent reads: the
tool's text content (the summary, then the same result as JSON). Exits 1 on a tool error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def call(kiln: str, extra: list[str], tool: str, arguments: dict) -> int:
    server = StdioServerParameters(command=kiln, args=["mcp", *extra], cwd=os.getcwd(), env=dict(os.environ))

    async def progress(value: float, total: float | None, message: str | None) -> None:
        print(f"progress {value:.0f}: {message}", file=sys.stderr, flush=True)

    async with stdio_client(server, errlog=open(os.devnull, "w")) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        result = await session.call_tool(tool, arguments, progress_callback=progress, read_timeout_seconds=3600)
    for block in result.content:
        if block.type == "text":
            print(block.text)
    return 1 if result.is_error else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tool")
    parser.add_argument("arguments", help="the tool's arguments as a JSON object")
    parser.add_argument("--kiln", default="kiln", help="the kiln executable (default: kiln on PATH)")
    parser.add_argument("extra", nargs="*", help="flags for `kiln mcp`, after --")
    options = parser.parse_args()
    return anyio.run(call, options.kiln, options.extra, options.tool, json.loads(options.arguments))


if __name__ == "__main__":
    sys.exit(main())
