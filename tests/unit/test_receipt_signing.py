"""Receipt signatures by the terminal that filed the dossier: compact, tied to the code and to its terminal."""
from datetime import date

from kiosk.core import receipt_signing
from kiosk.core.codes import make_code
from kiosk.core.request_signing import headers, private_key, public_key, verify
from kiosk.core.signing import Keyring

A_KEY, B_KEY = "a" * 43, "b" * 43
A_CODE = make_code("09556", 1, date(2026, 11, 30), 7)
B_CODE = make_code("09557", 1, date(2026, 11, 30), 7)


def test_a_genuine_receipt_verifies_with_its_terminals_public_key_only():
    signature = receipt_signing.sign(private_key(A_KEY), A_CODE)
    assert receipt_signing.is_terminal_signature(signature) and len(signature) == 88
    assert receipt_signing.verify(public_key(A_KEY), A_CODE, signature)
    assert not receipt_signing.verify(public_key(B_KEY), A_CODE, signature)


def test_an_altered_code_or_signature_fails():
    signature = receipt_signing.sign(private_key(A_KEY), A_CODE)
    other = make_code("09556", 1, date(2026, 11, 30), 8)
    assert not receipt_signing.verify(public_key(A_KEY), other, signature)
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert not receipt_signing.verify(public_key(A_KEY), A_CODE, flipped)
    assert not receipt_signing.verify(public_key(A_KEY), A_CODE, "")
    assert not receipt_signing.verify(public_key(A_KEY), A_CODE, "e." + "é" * 86)


def test_the_signer_is_read_from_the_code():
    assert receipt_signing.signer(A_CODE) == "09556-01" and receipt_signing.signer(B_CODE) == "09557-01"
    assert receipt_signing.signer("09556-01-261130-0007-Z") is None  # a wrong check character


def test_a_keyring_signature_is_told_apart_and_never_taken_for_one():
    old = Keyring({"e": b"k" * 32}).sign(A_CODE)  # even under a key id that looks like the prefix
    assert not receipt_signing.is_terminal_signature(old)
    assert not receipt_signing.verify(public_key(A_KEY), A_CODE, old)


def test_a_receipt_signature_is_no_request_signature():
    """One key signs both, under different schemes: neither passes for the other."""
    signed = headers("09556-01", private_key(A_KEY), "GET", "/api/v1/feed", b"", 1_800_000_000)
    assert not receipt_signing.verify(public_key(A_KEY), A_CODE, "e." + signed["X-Signature"])
    receipt = receipt_signing.sign(private_key(A_KEY), A_CODE)[2:]
    assert not verify(public_key(A_KEY), "09556-01", "GET", "/api/v1/feed", "", "1800000000", "", b"", receipt,
                      1_800_000_000)
