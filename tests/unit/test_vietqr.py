import pytest

from kiosk.payments import vietqr

ACCOUNT = vietqr.Account("970436", "0011001234567")


def test_crc_matches_the_standard_check_value():
    # CRC-16/CCITT-FALSE of "123456789" is 0x29B1 (the catalogue of parametrised CRC algorithms).
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


def test_payload_field_by_field():
    data = vietqr.payload(ACCOUNT, 15000, "09556-01-261122-0007-K")
    fields = vietqr.parse(data)
    assert fields["00"] == "01" and fields["01"] == "12"
    assert fields["38"] == "0010A000000727" + "0127" + "0006970436" + "0113" + "0011001234567" + "0208QRIBFTTA"
    assert fields["53"] == "704" and fields["54"] == "15000" and fields["58"] == "VN"
    assert fields["62"] == "0822" + "09556-01-261122-0007-K"
    assert data.startswith("000201010212") and len(fields["63"]) == 4


def test_an_altered_payload_fails_its_crc():
    data = vietqr.payload(ACCOUNT, 15000, "CODE")
    with pytest.raises(ValueError, match="CRC"):
        vietqr.parse(data.replace("15000", "16000"))


def test_no_qr_for_a_free_procedure():
    with pytest.raises(ValueError):
        vietqr.payload(ACCOUNT, 0, "CODE")
