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

from .issue import load_issue
from .serial import serial_of
from .root import find_root, issue_keys
from .style import load_style, parse_length, parse_size

__all__ = ["find_root", "issue_keys", "load_issue", "load_style", "parse_length", "parse_size",
           "serial_of"]
