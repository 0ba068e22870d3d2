"""The supply-chain step (`make audit`, docs/adr/0009-supply-chain.md).

bandit skips only the checks ruff's S rules make in the lint step. The dependency audit
(scripts/audit_dependencies.py), given pip-audit's JSON: a known vulnerability fails the step;
packages that could not be checked are named loudly, not passed off as clean."""

import importlib.util
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)

# bandit's checks that no ruff rule makes, though numbered alike.
NOT_IN_RUFF = {"B703": "django_mark_safe, the calls B308 (ruff S308) flags"}


def test_bandit_skips_only_checks_that_the_lint_step_makes():
    skipped = set(yaml.safe_load((ROOT / "bandit.yaml").read_text())["skips"])
    lint = tomllib.loads((ROOT / "ruff.toml").read_text())["lint"]
    listed = subprocess.run(
        [Path(sys.executable).parent / "ruff", "rule", "--all", "--output-format", "json"],
        capture_output=True,
        check=True,
    )
    stable = {
        rule["code"]
        for rule in json.loads(listed.stdout)
        if rule["linter"] == "flake8-bandit" and not rule["preview"]
    }
    assert "S" in lint["select"]
    in_ruff = {check for check in skipped if f"S{check[1:]}" in stable}
    assert skipped - in_ruff == NOT_IN_RUFF.keys()
    ignored = {f"B{code[1:]}" for code in lint["ignore"] if code.startswith("S")}
    assert in_ruff & ignored == set(), "ruff.toml ignores these: bandit must run them"
    assert "B101" not in skipped  # ruff ignores S101 (asserts), so bandit checks them


DJANGO_VULN = {
    "id": "PYSEC-2099-1",
    "fix_versions": ["5.2.99"],
    "aliases": ["CVE-2099-0001"],
    "description": "An example",
}
NOT_FOUND = "Dependency not found on PyPI and could not be audited"


def run(audit) -> tuple[int, str]:
    out = io.StringIO()
    return audit_dependencies.report(audit, out), out.getvalue()


def test_a_known_vulnerability_fails_the_step_and_names_the_fix():
    code, text = run(
        {
            "dependencies": [
                {"name": "django", "version": "5.2.19", "vulns": [DJANGO_VULN]},
                {"name": "celery", "version": "5.7.0", "vulns": []},
            ]
        }
    )
    assert code == 1
    assert "django 5.2.19: PYSEC-2099-1 (CVE-2099-0001); fixed in 5.2.99" in text


def test_packages_checked_and_clean_pass():
    code, text = run({"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}]})
    assert code == 0
    assert "No known vulnerabilities in the 1 packages checked." in text
    assert "!!!" not in text


def test_packages_not_checked_pass_but_are_named_loudly():
    audit = {
        "dependencies": [
            {"name": "celery", "version": "5.7.0", "vulns": []},
            {"name": "django", "skip_reason": f"{NOT_FOUND}: django (5.2.19)"},
            {"name": "kombu", "skip_reason": f"{NOT_FOUND}: kombu (5.7.0)"},
        ]
    }
    code, text = run(audit)
    assert code == 0
    assert "pip-audit checked 1 of 3 installed packages." in text
    assert "2 of 3 installed packages were NOT CHECKED" in text
    assert f"!!! {NOT_FOUND} (2): django (5.2.19), kombu (5.7.0)" in text


def test_nothing_checked_is_not_reported_as_clean():
    code, text = run({"dependencies": [{"name": "django", "skip_reason": f"{NOT_FOUND}: x"}]})
    assert code == 0
    assert "NOTHING WAS AUDITED" in text
    assert "No known vulnerabilities" not in text


def test_pip_audit_that_could_not_run_is_reported_and_does_not_fail_the_step():
    code, text = run(
        "pip-audit exited 1 without a report:\nConnectionError: advisory service unreachable"
    )
    assert code == 0
    assert "DEPENDENCY AUDIT NOT RUN" in text
    assert "No package was checked" in text


@pytest.mark.parametrize("has_vuln", [True, False])
def test_the_script_reads_a_saved_report(tmp_path, capsys, has_vuln):
    vulns = [DJANGO_VULN] if has_vuln else []
    saved = tmp_path / "audit.json"
    saved.write_text(
        json.dumps({"dependencies": [{"name": "django", "version": "5.2.19", "vulns": vulns}]})
    )
    assert audit_dependencies.main(["audit_dependencies.py", str(saved)]) == int(has_vuln)
    assert "pip-audit checked 1 of 1" in capsys.readouterr().out
