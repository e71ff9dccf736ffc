import pytest

from kiosk.core.signing import Keyring


@pytest.fixture
def keyring():
    return Keyring.parse("k2:new-secret,k1:old-secret")


def test_signature_verifies_and_names_its_key(keyring):
    signature = keyring.sign("09556-01-261122-0007-K")
    assert signature.startswith("k2.")
    assert keyring.verify("09556-01-261122-0007-K", signature)


def test_altered_code_fails(keyring):
    signature = keyring.sign("09556-01-261122-0007-K")
    assert not keyring.verify("09556-01-261122-0008-K", signature)


def test_altered_signature_fails(keyring):
    signature = keyring.sign("09556-01-261122-0007-K")
    kid, digest = signature.split(".")
    flipped = digest[:-1] + ("A" if digest[-1] != "A" else "B")
    assert not keyring.verify("09556-01-261122-0007-K", f"{kid}.{flipped}")
    assert not keyring.verify("09556-01-261122-0007-K", "")
    assert not keyring.verify("09556-01-261122-0007-K", f"k9.{digest}")


def test_old_key_still_verifies_after_rotation():
    old = Keyring.parse("k1:old-secret")
    rotated = Keyring.parse("k2:new-secret,k1:old-secret")
    assert rotated.verify("CODE", old.sign("CODE"))
