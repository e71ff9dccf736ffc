"""Where text messages go: a log file by default, or an SMS provider's HTTP endpoint by URL template."""
import json
from pathlib import Path
from urllib.parse import quote

import requests

from kiosk.core.clock import utcnow
from kiosk.security.files import open_private_append


class FileGateway:
    """Appends one JSON line per message: the default, and what a ward without a provider uses."""

    def __init__(self, path: Path):
        self.path = path

    def send(self, phone: str, body: str) -> None:
        with open_private_append(self.path) as log:  # phone numbers: readable by the server's user only
            log.write(json.dumps({"at": utcnow().isoformat(), "to": phone, "text": body}, ensure_ascii=False) + "\n")


class HttpGateway:
    """GETs a provider URL such as https://sms.example/send?to={phone}&text={message} (values URL-encoded)."""

    def __init__(self, template: str, timeout: float = 10):
        if "{phone}" not in template or "{message}" not in template:
            raise ValueError("the SMS URL template needs {phone} and {message}")
        self.template, self.timeout = template, timeout

    def send(self, phone: str, body: str) -> None:
        url = self.template.format(phone=quote(phone), message=quote(body))
        requests.get(url, timeout=self.timeout).raise_for_status()


def from_config(config, instance_path: str):
    if config.get("SMS_URL_TEMPLATE"):
        return HttpGateway(config["SMS_URL_TEMPLATE"])
    return FileGateway(Path(instance_path) / "sms.log")
