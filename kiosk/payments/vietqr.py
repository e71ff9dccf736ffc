"""A dynamic VietQR payload (NAPAS, on EMVCo merchant-presented QR): the bank app fills in the transfer.

Tags: 00 format, 01 point of initiation (12 = dynamic), 38 merchant account (GUID A000000727, bank BIN,
account, service QRIBFTTA), 53 currency (704 = VND), 54 amount, 58 country, 62.08 purpose, 63 CRC.
"""
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
TRANSFER_TO_ACCOUNT = "QRIBFTTA"


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"tag {tag}: value longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


@dataclass(frozen=True)
class Account:
    bank_bin: str  # six digits, e.g. 970436 for Vietcombank
    number: str


def payload(account: Account, amount: int, purpose: str) -> str:
    """The string to encode in the QR; `purpose` (the dossier code) lets reconciliation match the transfer."""
    if amount <= 0:
        raise ValueError("a VietQR for a fee needs a positive amount")
    beneficiary = tlv("00", account.bank_bin) + tlv("01", account.number)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", TRANSFER_TO_ACCOUNT)
    body = (tlv("00", "01") + tlv("01", "12") + tlv("38", merchant) + tlv("53", "704") + tlv("54", str(amount))
            + tlv("58", "VN") + tlv("62", tlv("08", purpose)) + "6304")
    return body + f"{crc16_ccitt_false(body.encode()):04X}"


def parse(data: str) -> dict:
    """Tag → value at the top level (nested templates stay strings); checks the CRC."""
    if f"{crc16_ccitt_false(data[:-4].encode()):04X}" != data[-4:]:
        raise ValueError("bad CRC")
    fields, i = {}, 0
    while i < len(data):
        tag, length = data[i:i + 2], int(data[i + 2:i + 4])
        fields[tag] = data[i + 4:i + 4 + length]
        i += 4 + length
    return fields
