# Prints what an interpreter knows about itself as one JSON line: its version, its standard
# library's module names and the installed projects by the top-level names they provide.
import importlib.metadata as md
import json
import sys

print(
    json.dumps(
        {
            "version": "%d.%d" % sys.version_info[:2],
            "stdlib": sorted(sys.stdlib_module_names),
            "modules": {k: sorted(set(v)) for k, v in md.packages_distributions().items()},
        }
    )
)
