"""A tiny OpenID Connect provider for the tests, standing in for Microsoft Entra ID.

It serves the authorization-code flow (with PKCE) over real HTTP on 127.0.0.1:

    with OIDCProvider() as provider:
        provider.sign_in_as(sub="abc", email="anna@kommunen.example", name="Anna Berg")
        ...  # point SOCIALACCOUNT_PROVIDERS at provider.url and sign in

/authorize does not show a sign-in page: the person "has signed in at the
provider" as whoever `sign_in_as` names, and is sent straight back with a code.
The provider keeps everything in memory and never touches the database.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "idesluss-test-client"
CLIENT_SECRET = "idesluss-test-secret"


class OIDCProvider:
    def __init__(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self.claims = {"sub": "user-1", "email": "user@kommunen.example", "name": "Test User"}
        self.authorizations: list[dict] = []  # the query of each /authorize
        self.codes: dict[str, dict] = {}  # code -> what /authorize was asked
        self.tokens: dict[str, dict] = {}  # access token -> claims
        self.requests: list[str] = []  # "GET /jwks", ... in the order they came
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.provider = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> "OIDCProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()

    def sign_in_as(
        self, *, sub: str, email: str, name: str, email_verified: bool | None = True
    ) -> None:
        """Who the next person through /authorize is (email_verified None: no such claim, as Entra ID)."""
        self.claims = {"sub": sub, "email": email, "name": name}
        if email_verified is not None:
            self.claims["email_verified"] = email_verified

    # The endpoints. Each returns (status, headers, JSON body or None).

    def configuration(self, request):
        return (
            200,
            {},
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "userinfo_endpoint": f"{self.url}/userinfo",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "email"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "client_secret_basic",
                ],
                "code_challenge_methods_supported": ["S256"],
            },
        )

    def authorize(self, request):
        query = request.query
        self.authorizations.append(query)
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "code_challenge": query.get("code_challenge"),
            "claims": dict(self.claims),
        }
        back = {"code": code, "state": query.get("state", "")}
        separator = "&" if "?" in query["redirect_uri"] else "?"
        return 302, {"Location": query["redirect_uri"] + separator + urlencode(back)}, None

    def token(self, request):
        form = request.form
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if request.headers.get("Authorization", "").startswith("Basic "):
            basic = base64.b64decode(request.headers["Authorization"][6:]).decode()
            client_id, _, secret = basic.partition(":")
        if (client_id, secret) != (self.client_id, self.client_secret):
            return 401, {}, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {}, {"error": "invalid_grant"}
        if (
            grant["code_challenge"]
            and s256(form.get("code_verifier", "")) != grant["code_challenge"]
        ):
            return 400, {}, {"error": "invalid_grant", "error_description": "PKCE failed"}
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant["claims"]
        return (
            200,
            {},
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
                "id_token": self.id_token(grant["claims"], nonce=grant["nonce"]),
            },
        )

    def jwks(self, request):
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return 200, {}, {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def userinfo(self, request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, None
        return 200, {}, self.tokens[token]

    def id_token(self, claims: dict, nonce: str | None = None) -> str:
        now = int(time.time())
        payload = {"iss": self.url, "aud": self.client_id, "iat": now, "exp": now + 300, **claims}
        if nonce:
            payload["nonce"] = nonce
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    routes = {
        ("GET", "/.well-known/openid-configuration"): "configuration",
        ("GET", "/authorize"): "authorize",
        ("POST", "/token"): "token",
        ("GET", "/jwks"): "jwks",
        ("GET", "/userinfo"): "userinfo",
    }


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        provider: OIDCProvider = self.server.provider  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        provider.requests.append(f"{method} {parts.path}")
        self.query = dict(parse_qsl(parts.query))
        length = int(self.headers.get("Content-Length") or 0)
        self.form = dict(parse_qsl(self.rfile.read(length).decode())) if length else {}
        endpoint = provider.routes.get((method, parts.path))
        if endpoint is None:
            status, headers, body = 404, {}, {"error": "not_found"}
        else:
            status, headers, body = getattr(provider, endpoint)(self)
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:
        pass  # keep the test output quiet
