"""The source stage: read and validate the editors' YAML and Markdown into the
model, naming file and line for every problem.

    root = find_root(Path.cwd(), None)
    warnings: list[Problem] = []
    issue = load_issue(root, "2025-04", warnings)   # BuildError lists every problem
    style = load_style(root, issue.style)

Problems are `errors.Problem`; errors are raised together in one `BuildError`,
warnings (severity "warning") are appended to the list the caller passes.
"""
from __future__ import annotations

import importlib

# each name from the module that defines it, imported when first asked for (PEP 562):
# importing one of this package's modules runs this file, and a build that reads its
# articles in another process (job.py) need not import the Markdown reader here
_FROM = {"load_issue": "issue", "serial_of": "serial", "find_root": "root", "issue_keys": "root",
         "load_style": "style", "parse_length": "style", "parse_size": "style"}

__all__ = ["find_root", "issue_keys", "load_issue", "load_style", "parse_length", "parse_size",
           "serial_of"]


def __getattr__(name: str):
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_FROM))
