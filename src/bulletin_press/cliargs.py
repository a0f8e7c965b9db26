"""Command-line arguments every command shares (cli.py, archivecli.py)."""
from __future__ import annotations

import click


class IssueArg(click.ParamType):
    """An issue: 2025-04, 2025-4 or issues/2025-04/ (as tab completion gives it) → 2025-04."""

    name = "issue"

    def convert(self, value, param, ctx):
        from .source.root import issue_key
        try:
            return issue_key(value)
        except ValueError as e:
            self.fail(str(e), param, ctx)


ISSUE = IssueArg()
