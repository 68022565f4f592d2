"""A stand-in for Alexa's skill management API (SMAPI), for running `ask deploy` offline.

The ASK CLI reads ``ASK_SMAPI_SERVER_BASE_URL`` for SMAPI's address, so pointed at this
server (and the AWS SDK at moto through ``AWS_ENDPOINT_URL``) `ask deploy` runs its whole
flow on loopback. It answers the calls ask-cli 2.30.7 makes in a deploy (paths as in its
clients/smapi-client/resources): create an upload URL, take the upload, import a skill
package (new skill or existing), report the import, update the manifest, report skill
status, read and set enablement.

It keeps what a test needs to judge a deploy: every manifest the skill was given, in
order (:attr:`FakeSmapi.manifests`, each ``(how, skill_id, manifest)``), and it does
what Amazon does at those points, as far as this project knows it:

- an import builds the interaction models: a model breaking Alexa's rules
  (``scripts/check_interaction_model.py``) fails the import, as Amazon's build would;
- a manifest naming a Lambda function as its endpoint is refused unless the function
  exists and lets Alexa invoke it (an ``alexa-appkit.amazon.com`` permission, with this
  skill's id when a condition is recorded: moto keeps none), checked on the AWS
  stand-in it is given.

Only loopback; nothing leaves the machine.
"""

import io
import json
import threading
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

from scripts import check_interaction_model


class FakeSmapi:
    def __init__(self, aws_endpoint=None):
        self.aws_endpoint = aws_endpoint
        self.manifests = []        # (how, skill_id, manifest) for every manifest the skill was given
        self.calls = []            # (method, path) of every request, in order
        self.skills = {}           # skill id -> {"manifest": ..., "enabled": bool}
        self.uploads = {}          # upload id -> bytes
        self.imports = {}          # import id -> status body
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    # --- what Amazon checks ----------------------------------------------------------------

    def _endpoint_problem(self, skill_id, manifest):
        """Why Amazon would refuse this manifest's Lambda endpoint, or None."""
        endpoint = (((manifest.get("apis") or {}).get("custom") or {}).get("endpoint") or {}).get("uri")
        if not endpoint or not endpoint.startswith("arn:aws:lambda:") or not self.aws_endpoint:
            return None
        import boto3
        from botocore.exceptions import ClientError

        client = boto3.client("lambda", endpoint_url=self.aws_endpoint, region_name=endpoint.split(":")[3],
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        try:
            client.get_function(FunctionName=endpoint)
            policy = json.loads(client.get_policy(FunctionName=endpoint)["Policy"])
        except ClientError as error:
            return "the endpoint {} cannot be used: {}".format(endpoint, error.response["Error"]["Code"])
        for statement in policy.get("Statement", []):
            principal = statement.get("Principal")
            principal = principal.get("Service") if isinstance(principal, dict) else principal
            # moto keeps no EventSourceToken condition (the template's is checked in
            # tests/test_deploy_stack.py); when a condition is there, it must name this skill.
            condition = statement.get("Condition")
            if principal == "alexa-appkit.amazon.com" and (not condition or skill_id in json.dumps(condition)):
                return None
        return f"the endpoint {endpoint} does not let skill {skill_id} invoke it"

    def _import(self, skill_id, vendor_id, location):
        upload_id = location.rstrip("/").rsplit("/", 1)[-1]
        package = zipfile.ZipFile(io.BytesIO(self.uploads[upload_id]))
        names = package.namelist()
        manifest = json.loads(package.read("skill.json"))["manifest"]
        errors = []
        for name in sorted(n for n in names if n.startswith("interactionModels/custom/") and n.endswith(".json")):
            model = json.loads(package.read(name))
            for problem in check_interaction_model.check_model(model, Path(name).name):
                errors.append({"message": "Interaction model build failed: "
                                          + check_interaction_model.describe(problem)})
        new_skill = skill_id is None
        skill_id = skill_id or "amzn1.ask.skill." + str(uuid.uuid4())
        problem = self._endpoint_problem(skill_id, manifest)
        if problem:
            errors.append({"message": problem})
        status = "FAILED" if errors else "SUCCEEDED"
        if status == "SUCCEEDED" or new_skill:
            skill = self.skills.setdefault(skill_id, {"manifest": None, "enabled": False, "vendor": vendor_id})
            if status == "SUCCEEDED":
                skill["manifest"] = manifest
                self.manifests.append(("import", skill_id, manifest))
        import_id = str(uuid.uuid4())
        self.imports[import_id] = {
            "status": status, "errors": errors, "warnings": [],
            "skill": {"skillId": skill_id, "eTag": uuid.uuid4().hex,
                      "resources": [{"name": "InteractionModel." + Path(n).stem, "action": "CREATE",
                                     "status": status}
                                    for n in names if n.startswith("interactionModels/custom/")]
                                   + [{"name": "Manifest", "action": "UPDATE", "status": status}]}}
        return import_id

    # --- HTTP -------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _send(self, status, body=None, headers=None):
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method):
                path = urlparse(self.path).path
                body = self._body()
                with fake._lock:
                    fake.calls.append((method, path))
                    parts = path.strip("/").split("/")
                    if method == "POST" and path == "/v1/skills/uploads":
                        upload_id = uuid.uuid4().hex
                        return self._send(201, {"uploadUrl": f"{fake.url}/uploads/{upload_id}",
                                                "expiresAt": "2099-01-01T00:00:00Z"})
                    if method == "PUT" and parts[0] == "uploads":
                        fake.uploads[parts[1]] = body
                        return self._send(200)
                    if method == "POST" and path == "/v1/skills/imports":
                        payload = json.loads(body)
                        import_id = fake._import(None, payload.get("vendorId"), payload["location"])
                        return self._send(202, None, {"Location": "/v1/skills/imports/" + import_id})
                    if method == "POST" and len(parts) == 4 and parts[1] == "skills" and parts[3] == "imports":
                        if parts[2] not in fake.skills:
                            return self._send(404, {"message": "no such skill"})
                        import_id = fake._import(parts[2], None, json.loads(body)["location"])
                        return self._send(202, None, {"Location": "/v1/skills/imports/" + import_id})
                    if method == "GET" and path.startswith("/v1/skills/imports/"):
                        return self._send(200, fake.imports[parts[-1]])
                    if len(parts) >= 3 and parts[1] == "skills" and parts[2] not in fake.skills:
                        return self._send(404, {"message": "no such skill"})
                    skill = fake.skills.get(parts[2]) if len(parts) >= 3 else None
                    if path.endswith("/stages/development/manifest") and method == "PUT":
                        manifest = json.loads(body)["manifest"]
                        problem = fake._endpoint_problem(parts[2], manifest)
                        if problem:
                            return self._send(400, {"message": problem})
                        skill["manifest"] = manifest
                        fake.manifests.append(("manifest update", parts[2], manifest))
                        return self._send(202)
                    if path.endswith("/stages/development/manifest") and method == "GET":
                        return self._send(200, {"manifest": skill["manifest"]})
                    if method == "GET" and path.endswith("/status"):
                        return self._send(200, {"manifest": {"lastUpdateRequest": {"status": "SUCCEEDED"}}})
                    if path.endswith("/stages/development/enablement"):
                        if method == "PUT":
                            skill["enabled"] = True
                            return self._send(204)
                        if method == "GET":
                            return self._send(204) if skill["enabled"] else self._send(404, {"message": "not enabled"})
                    return self._send(404, {"message": f"the fake does not answer {method} {path}"})

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

            def do_PUT(self):
                self._route("PUT")

        return Handler
