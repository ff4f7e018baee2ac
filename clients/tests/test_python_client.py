"""The generated Python client (clients/python) against a real custodia server.

Starts `custodia serve` (CUSTODIA_BIN, default target/debug/custodia) on SQLite in a temp dir,
mints tokens with `custodia token`, and walks one customer through the client: create, a read
refused before consent, consent, the purpose read, the DPO's export, erasure, and the read
after it. Run by .ci/python-client.sh: `python -m unittest discover -s clients/tests`.
"""

import datetime
import os
import pathlib
import socket
import subprocess
import tempfile
import time
import unittest
import uuid

import httpx
from custodia_client import AuthenticatedClient
from custodia_client.api.consents import record_consent
from custodia_client.api.rights import erase_subject, export_subject
from custodia_client.api.subjects import create_subject, read_subject
from custodia_client.models import (
    ConsentDecision,
    CreateSubject,
    Created,
    ErasureReceipt,
    Evidence,
    SubjectExport,
    SubjectRead,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("CUSTODIA_BIN", str(ROOT / "target" / "debug" / "custodia"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GeneratedClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="custodia-pyclient-")
        port = free_port()
        cls.base = f"http://127.0.0.1:{port}"
        env = {
            k: v for k, v in os.environ.items() if not k.startswith("CUSTODIA_")
        }
        env.update(
            CUSTODIA_LISTEN=f"127.0.0.1:{port}",
            CUSTODIA_DATA_DIR=os.path.join(cls.dir.name, "data"),
            CUSTODIA_POLICY_DIR=str(ROOT / "policies"),
            RUST_LOG="warn",
        )
        cls.env = env
        cls.log = open(os.path.join(cls.dir.name, "server.log"), "wb")
        cls.server = subprocess.Popen(
            [BINARY, "serve"], env=env, stdout=cls.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{cls.base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if cls.server.poll() is not None or time.monotonic() > deadline:
                cls.tearDownClass()
                raise RuntimeError("custodia did not start; see its log")
            time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        try:
            cls.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cls.server.kill()
        cls.log.close()
        cls.dir.cleanup()

    def client(self, role: str, sub: str) -> AuthenticatedClient:
        token = subprocess.run(
            [BINARY, "token", "--role", role, "--sub", sub, "--ttl", "600"],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return AuthenticatedClient(base_url=self.base, token=token)

    def test_a_customer_from_creation_to_erasure(self):
        crm = self.client("client", "crm")
        dpo = self.client("dpo", "dpo")
        email = f"jane.{uuid.uuid4().hex[:8]}@example.com"

        created = create_subject.sync_detailed(
            client=crm,
            body=CreateSubject(email=email, first_name="Jane", phone="+49 151 23456789"),
        )
        self.assertEqual(created.status_code, 201, created.content)
        self.assertIsInstance(created.parsed, Created)
        subject = created.parsed.id

        # No consent yet: the email-marketing read is refused, as a parsed problem.
        refused = read_subject.sync_detailed(subject, client=crm, x_purpose="email_marketing")
        self.assertEqual(refused.status_code, 403, refused.content)
        self.assertEqual(refused.parsed.code, "access-denied")

        now = datetime.datetime.now(datetime.timezone.utc)
        granted = record_consent.sync_detailed(
            subject,
            "email_marketing",
            client=crm,
            body=ConsentDecision(
                status="granted",
                source="web",
                collected_at=now - datetime.timedelta(minutes=1),
                policy_version="2026-01",
                evidence=Evidence(double_opt_in_ref="doi-python-client"),
            ),
        )
        self.assertEqual(granted.status_code, 201, granted.content)

        read = read_subject.sync_detailed(subject, client=crm, x_purpose="email_marketing")
        self.assertEqual(read.status_code, 200, read.content)
        self.assertIsInstance(read.parsed, SubjectRead)
        self.assertEqual(read.parsed.data.email, email)
        # The purpose's policy does not give the phone.
        self.assertNotIn("phone", read.parsed.data.to_dict())

        export = export_subject.sync_detailed(subject, client=dpo)
        self.assertEqual(export.status_code, 200, export.content)
        self.assertIsInstance(export.parsed, SubjectExport)
        self.assertEqual(export.parsed.personal_data.to_dict().get("email"), email)
        self.assertIn(
            ("email_marketing", "granted"),
            [(c.purpose, c.status) for c in export.parsed.consents],
        )

        erased = erase_subject.sync_detailed(subject, client=dpo)
        self.assertEqual(erased.status_code, 200, erased.content)
        self.assertIsInstance(erased.parsed, ErasureReceipt)
        self.assertTrue(erased.parsed.data_key_destroyed)
        self.assertNotIn(email, erased.content.decode())

        gone = read_subject.sync_detailed(subject, client=crm, x_purpose="email_marketing")
        self.assertEqual(gone.status_code, 410, gone.content)
        self.assertEqual(gone.parsed.code, "gone")


if __name__ == "__main__":
    unittest.main()
