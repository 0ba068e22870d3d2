"""The tests' own OpenID Connect provider (server.py), started as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests

SERVER = Path(__file__).with_name("server.py")


class ProviderProcess:
    """``python server.py`` on a free port of 127.0.0.1; ``stop()`` ends it."""

    def __init__(self, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [
                sys.executable,
                str(SERVER),
                "--client-id",
                client_id,
                "--client-secret",
                client_secret,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line:
            self.process.kill()
            raise RuntimeError("The test OpenID Connect provider did not start")
        self.issuer = json.loads(line)["issuer"]

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def settings(self, name: str, roles_claim: str, role_map: dict[str, str]) -> dict:
        """The provider's entry for settings.OIDC_PROVIDERS."""
        return {
            "name": name,
            "discovery_url": self.discovery_url,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "roles_claim": roles_claim,
            "role_map": role_map,
        }

    def log(self, event: str | None = None) -> list[dict]:
        entries = requests.get(f"{self.issuer}/_test/log", timeout=5).json()
        return [entry for entry in entries if event is None or entry["event"] == event]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
