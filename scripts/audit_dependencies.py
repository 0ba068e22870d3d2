"""Check the installed Python packages for known vulnerabilities (pip-audit), and say plainly
which packages could not be checked.

Exit 1 when pip-audit finds a known vulnerability. Exit 0 otherwise, including when some or
all packages could not be checked (the advisory service is unreachable, or does not know a
version): pip-audit says "No known vulnerabilities found" even then, so this prints in
capitals how many packages were NOT checked and why. See docs/adr/0009-supply-chain.md.

    .venv/bin/python scripts/audit_dependencies.py          # run pip-audit on this environment
    .venv/bin/python scripts/audit_dependencies.py out.json # read pip-audit's JSON from a file
"""

from __future__ import annotations

import json
import subprocess  # nosec B404  # runs pip-audit, a fixed command
import sys
from collections import defaultdict
from pathlib import Path
from typing import TextIO

# The installed environment (the venv this runs in), not the requirements files: it is what
# the tests ran on, transitive dependencies included, and needs no resolving.
PIP_AUDIT = [sys.executable, "-m", "pip_audit", "--local", "--format", "json"]
TIMEOUT_SECONDS = 180


def run_pip_audit() -> dict | str:
    """pip-audit's JSON report, or why there is none."""
    try:
        # A fixed command and no shell: nothing from outside reaches it.
        done = subprocess.run(  # noqa: S603
            PIP_AUDIT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        return f"pip-audit did not finish in {TIMEOUT_SECONDS} s"
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        # pip-audit gives no JSON when it cannot reach its service at all (a traceback).
        last_lines = "\n".join(done.stderr.strip().splitlines()[-3:])
        return f"pip-audit exited {done.returncode} without a report:\n{last_lines}"


def report(audit: dict | str, out: TextIO) -> int:
    """Print what was and was not checked; 1 when a known vulnerability was found."""
    if isinstance(audit, str):
        print(f"!!! DEPENDENCY AUDIT NOT RUN: {audit}", file=out)
        print("!!! No package was checked for known vulnerabilities.", file=out)
        return 0
    packages = audit.get("dependencies", [])
    skipped = [p for p in packages if "skip_reason" in p]
    vulnerable = [p for p in packages if p.get("vulns")]
    checked = len(packages) - len(skipped)
    print(f"pip-audit checked {checked} of {len(packages)} installed packages.", file=out)
    if skipped:
        print_skipped(skipped, len(packages), out)
    if vulnerable:
        print(f"KNOWN VULNERABILITIES in {len(vulnerable)} package(s):", file=out)
        for package in vulnerable:
            for vuln in package["vulns"]:
                fixed_in = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                aliases = ", ".join(vuln.get("aliases") or [])
                print(
                    f"  {package['name']} {package['version']}: {vuln['id']}"
                    f"{f' ({aliases})' if aliases else ''}; fixed in {fixed_in}",
                    file=out,
                )
        return 1
    if checked:
        print(f"No known vulnerabilities in the {checked} packages checked.", file=out)
    else:
        print("!!! NOTHING WAS AUDITED: this is not a clean result.", file=out)
    return 0


def print_skipped(skipped: list[dict], total: int, out: TextIO) -> None:
    by_reason: dict[str, list[str]] = defaultdict(list)
    for package in skipped:
        # "Dependency not found on PyPI and could not be audited: django (5.2.19)"
        reason, _, which = package["skip_reason"].partition(": ")
        by_reason[reason].append(which or package["name"])
    print(
        f"!!! DEPENDENCY AUDIT INCOMPLETE: {len(skipped)} of {total} installed packages were "
        "NOT CHECKED for known vulnerabilities.",
        file=out,
    )
    for reason, names in sorted(by_reason.items()):
        print(f"!!! {reason} ({len(names)}): {', '.join(sorted(names))}", file=out)


def main(argv: list[str]) -> int:
    audit = json.loads(Path(argv[1]).read_text()) if len(argv) > 1 else run_pip_audit()
    return report(audit, sys.stdout)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
