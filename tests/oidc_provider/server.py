"""A small but real OpenID Connect provider for the tests, run as its own process on 127.0.0.1.

    python tests/oidc_provider/server.py --client-id ID --client-secret SECRET

It prints one line of JSON (its issuer) once it listens, on a port of its own choosing. What it
does, as a provider must: discovery; an authorisation endpoint that requires a PKCE S256
challenge and shows a sign-in page where the test chooses who signs in (subject, email, name,
groups); a session of its own (a cookie), so that a second sign-in skips the page; a token
endpoint that authenticates the client (basic or post), checks the redirect URI and the PKCE
verifier, and issues an RS256 ID token (Authlib's joserfc) with the nonce, signed with an RSA
key made at start; JWKS; userinfo; and RP-initiated sign-out, which ends its session.

The sign-in page also offers faults, to test that the service refuses them: a token whose
payload is changed after signing, one for another audience, one already expired, one with
another nonce, and one signed with a key the JWKS does not hold.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import secrets
import sys
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey

FAULTS = ("none", "tampered", "audience", "expired", "nonce", "foreign-key")
KID = "test-key-1"
COOKIE = "op_session"
TOKEN_LIFETIME = 300


class State:
    def __init__(self, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})
        # Same kid, never published: a token signed with it must fail the signature check.
        self.foreign_key = RSAKey.generate_key(2048, parameters={"kid": KID, "alg": "RS256"})
        self.issuer = ""
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.sessions: dict[str, dict] = {}  # browser sessions at the provider
        self.log: list[dict] = []  # what happened, for the tests to read (/_test/log)


class Handler(BaseHTTPRequestHandler):
    state: State

    def log_message(self, format, *args):  # quiet: the tests read /_test/log instead
        pass

    # -- plumbing ---------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data, status: int = 200):
        self._send(status, json.dumps(data).encode(), "application/json")

    def _html(self, text: str, status: int = 200, headers: dict | None = None):
        self._send(status, text.encode(), "text/html; charset=utf-8", headers)

    def _redirect(self, url: str, headers: dict | None = None):
        self._send(302, b"", "text/plain", {"Location": url, **(headers or {})})

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}

    def _query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def _session(self) -> dict | None:
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        sid = cookie[COOKIE].value if COOKIE in cookie else None
        return self.state.sessions.get(sid) if sid else None

    # -- routes -----------------------------------------------------------------------------

    def do_GET(self):
        path = urlsplit(self.path).path
        routes = {
            "/.well-known/openid-configuration": self.discovery,
            "/authorize": self.authorize_page,
            "/jwks": self.jwks,
            "/userinfo": self.userinfo,
            "/logout": self.logout,
            "/_test/log": lambda: self._json(self.state.log),
        }
        handler = routes.get(path)
        if handler is None:
            return self._json({"error": "not_found"}, 404)
        return handler()

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/authorize":
            return self.authorize_submit()
        if path == "/token":
            return self.token()
        return self._json({"error": "not_found"}, 404)

    def discovery(self):
        issuer = self.state.issuer
        self._json(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token",
                "jwks_uri": f"{issuer}/jwks",
                "userinfo_endpoint": f"{issuer}/userinfo",
                "end_session_endpoint": f"{issuer}/logout",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "scopes_supported": ["openid", "email", "profile"],
            }
        )

    def jwks(self):
        self._json({"keys": [self.state.key.as_dict(private=False)]})

    def _check_request(self, params: dict) -> str | None:
        if params.get("client_id") != self.state.client_id:
            return "unknown client_id"
        if params.get("response_type") != "code":
            return "response_type must be code"
        if "openid" not in params.get("scope", "").split():
            return "scope must include openid"
        if not params.get("redirect_uri") or not params.get("state"):
            return "redirect_uri and state are required"
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return "PKCE with S256 is required"
        if not params.get("nonce"):
            return "nonce is required"
        return None

    def authorize_page(self):
        params = self._query()
        problem = self._check_request(params)
        self.state.log.append({"event": "authorize", "params": params, "problem": problem})
        if problem:
            return self._html(f"<h1>Bad request</h1><p>{html.escape(problem)}</p>", 400)
        session = self._session()
        if session is not None and params.get("prompt") != "login":
            return self._issue_code(params, session["claims"], "none")
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items()
        )
        options = "".join(f'<option value="{f}">{f}</option>' for f in FAULTS)
        fields = "".join(
            f'<p><label for="{name}">{label}</label> '
            f'<input id="{name}" name="{name}" value="{value}"></p>'
            for name, label, value in (
                ("sub", "Subject", "user-1"),
                ("email", "Email", "user@example.gov.uk"),
                ("email_verified", "Email verified (true or false)", "true"),
                ("given_name", "Given name", ""),
                ("family_name", "Family name", ""),
                ("groups", "Groups (comma-separated)", ""),
            )
        )
        self._html(
            '<!DOCTYPE html><html lang="en"><head><title>Test provider: sign in</title></head>'
            f'<body><main><h1>Test provider: sign in</h1><form method="post" action="/authorize">'
            f'{hidden}{fields}<p><label for="fault">Fault</label> '
            f'<select id="fault" name="fault">{options}</select></p>'
            '<p><button type="submit">Sign in</button></p></form></main></body></html>'
        )

    def authorize_submit(self):
        form = self._form()
        params = {k: form[k] for k in form if k not in CLAIM_FIELDS + ("fault",)}
        problem = self._check_request(params)
        if problem:
            return self._html(f"<h1>Bad request</h1><p>{html.escape(problem)}</p>", 400)
        groups = [g.strip() for g in form.get("groups", "").split(",") if g.strip()]
        claims = {
            "sub": form.get("sub") or "user-1",
            "email": form.get("email", ""),
            "email_verified": form.get("email_verified", "true") == "true",
            "given_name": form.get("given_name", ""),
            "family_name": form.get("family_name", ""),
            "groups": groups,
            "roles": groups,
        }
        sid = secrets.token_urlsafe(16)
        self.state.sessions[sid] = {"claims": claims}
        cookie = f"{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax"
        self._issue_code(params, claims, form.get("fault", "none"), {"Set-Cookie": cookie})

    def _issue_code(self, params: dict, claims: dict, fault: str, headers: dict | None = None):
        code = secrets.token_urlsafe(24)
        self.state.codes[code] = {
            "params": params,
            "claims": claims,
            "fault": fault,
            "expires": time.time() + 60,
        }
        query = urlencode({"code": code, "state": params["state"]})
        self._redirect(f"{params['redirect_uri']}?{query}", headers)

    def _client(self, form: dict) -> str | None:
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        ok = client_id == self.state.client_id and secrets.compare_digest(
            secret, self.state.client_secret
        )
        return client_id if ok else None

    def token(self):
        form = self._form()
        if self._client(form) is None:
            return self._json({"error": "invalid_client"}, 401)
        grant = self.state.codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        problem = None
        if form.get("grant_type") != "authorization_code":
            problem = "unsupported grant_type"
        elif grant is None or grant["expires"] < time.time():
            problem = "unknown or used code"
        elif form.get("redirect_uri") != grant["params"]["redirect_uri"]:
            problem = "redirect_uri differs"
        elif create_s256_code_challenge(verifier) != grant["params"]["code_challenge"]:
            problem = "PKCE verifier does not match the challenge"
        self.state.log.append(
            {"event": "token", "problem": problem, "pkce_verifier_sent": bool(verifier)}
        )
        if problem:
            return self._json({"error": "invalid_grant", "error_description": problem}, 400)
        access_token = secrets.token_urlsafe(24)
        self.state.access_tokens[access_token] = grant["claims"]
        self._json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": TOKEN_LIFETIME,
                "id_token": self._id_token(grant),
            }
        )

    def _id_token(self, grant: dict) -> str:
        now = int(time.time())
        fault = grant["fault"]
        claims = {
            **grant["claims"],
            "iss": self.state.issuer,
            "aud": "another-service" if fault == "audience" else self.state.client_id,
            "iat": now - 7200 if fault == "expired" else now,
            "exp": now - 3600 if fault == "expired" else now + TOKEN_LIFETIME,
            "nonce": "not-the-nonce" if fault == "nonce" else grant["params"]["nonce"],
        }
        key = self.state.foreign_key if fault == "foreign-key" else self.state.key
        token = jwt.encode({"alg": "RS256", "kid": KID, "typ": "JWT"}, claims, key)
        if fault == "tampered":
            header, payload, signature = token.split(".")
            changed = {**claims, "groups": [*claims["groups"], "oversee-admins"]}
            payload = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
            token = f"{header}.{payload}.{signature}"
        return token

    def userinfo(self):
        auth = self.headers.get("Authorization", "")
        claims = self.state.access_tokens.get(auth.removeprefix("Bearer "))
        if claims is None:
            return self._json({"error": "invalid_token"}, 401)
        self._json(claims)

    def logout(self):
        params = self._query()
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        sid = cookie[COOKIE].value if COOKIE in cookie else None
        ended = self.state.sessions.pop(sid, None) is not None if sid else False
        hint = params.get("id_token_hint", "")
        try:
            subject = jwt.decode(hint, self.state.key).claims.get("sub") if hint else None
        except Exception:  # noqa: BLE001 (a bad hint is recorded, not fatal)
            subject = None
        self.state.log.append(
            {"event": "logout", "sub": subject, "session_ended": ended, "params": params}
        )
        expire = f"{COOKIE}=; Path=/; Max-Age=0"
        target = params.get("post_logout_redirect_uri")
        if target:
            return self._redirect(target, {"Set-Cookie": expire})
        self._html("<h1>Signed out</h1>", headers={"Set-Cookie": expire})


CLAIM_FIELDS = ("sub", "email", "email_verified", "given_name", "family_name", "groups")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    state = State(args.client_id, args.client_secret)
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    state.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    print(json.dumps({"issuer": state.issuer}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
