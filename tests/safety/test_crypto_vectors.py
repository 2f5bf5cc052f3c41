"""Known-answer vectors of the password feature's cryptography: the key
derivation (scrypt), the encrypted identities (AES-256-GCM JSON, ``v1:`` and
``v2:``) and the encrypted attachment files.  The hex/base64 constants were
produced by the code of release 0.1.0 (``cryptography``'s AESGCM and OpenSSL's
``hashlib.scrypt``) and are committed here: whatever library does the work, the
books, backups and attachments written before must stay readable, and what is
written now must be byte for byte what that code wrote (given the same nonce).
"""
from __future__ import annotations

import base64

import pytest

from core.safety import secret_fields, secret_files

PASSWORD = "Mật khẩu Xã Hòa Bình 2026"
PARAMS = {"kdf": "scrypt", "salt": base64.b64encode(bytes(range(16))).decode(), "n": 2 ** 15, "r": 8, "p": 1}
CHECK = "881636035bc7a45a2cee356adb2b70afe63fbda13ffa189016d7b5ba581043bb"
KEY = bytes.fromhex("bc4176b2a47f184619625d1af9829292cdcdf96cbb7b4d6bbbd877f4672ad428")
NONCE = bytes.fromhex("00112233445566778899aabb")

IDENTITY = {"ho_ten": "Nguyễn Văn Ẩn", "cccd": "001234567890", "dia_chi": ""}
ROW_AAD = b"sodanvan.v2|don_thu|7|bi_mat"
BOUND = ("v2:ABEiM0RVZneImaq7lp/kh/KMRmT5NgLqNSsoxSfBnX/frBuu9yd1vBaGMM+SfDBVj6EE6Bh9jArBsR/cX6K3p+qZKed+VnOTolg"
         "OEPISezh5Om62")
UNBOUND = "v1:ABEiM0RVZneImaq7lp/vi86cATD7LhL4UGv6S7WZihOOfYIJ90feemuPB/OzS6tttDE9LEPqJpCZMA=="
FILE_PLAIN = "Đơn tố cáo — bản scan\n".encode() + bytes(range(40))
FILE_SEALED = bytes.fromhex(
    "534456444b31000000112233445566778899aabb292d4145ffc810bf628512b9c7b874d1f0773e67847d8321b9256eb0289c5fa1b1"
    "441373c4c07699f0cc0268ece9d44f2090450957e11c82098b3dcea6f1a482478e48b835cc90ca0144852d58453bef7202bcf23ddd2c")


@pytest.fixture
def fixed_nonce(monkeypatch):
    monkeypatch.setattr(secret_files.os, "urandom", lambda n: NONCE[:n])


def test_the_key_derived_from_a_password_is_the_one_older_books_hold():
    assert secret_fields._derive(PASSWORD, PARAMS) == (CHECK, KEY)
    assert secret_fields.key_from_params({**PARAMS, "check": CHECK}, PASSWORD) == KEY
    assert secret_fields.key_from_params({**PARAMS, "check": CHECK}, PASSWORD + " ") is None


@pytest.mark.parametrize("password,salt,n,r,p,dk", [
    # RFC 7914 §12, the second and third vectors (64 bytes: the verifier's half, then the key)
    ("password", b"NaCl", 1024, 8, 16,
     "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d"
     "8360cbdfa2cc0640"),
    ("pleaseletmein", b"SodiumChloride", 16384, 8, 1,
     "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e"
     "40dfcf017b45575887"),
])
def test_scrypt_gives_the_rfc_7914_vectors(password, salt, n, r, p, dk):
    import hashlib

    dk = bytes.fromhex(dk)
    check, key = secret_fields._derive(password, {"salt": base64.b64encode(salt).decode(), "n": n, "r": r, "p": p})
    assert key == dk[32:]
    assert check == hashlib.sha256(dk[:32]).hexdigest()


def test_identities_encrypted_before_open_and_are_written_the_same(fixed_nonce):
    assert secret_files.decrypt_json(KEY, BOUND, ROW_AAD) == {"ho_ten": "Nguyễn Văn Ẩn", "cccd": "001234567890"}
    assert secret_files.decrypt_json(KEY, UNBOUND, secret_fields._AAD) == {"ho_ten": "Trần Thị Bé"}
    assert secret_files.encrypt_json(KEY, IDENTITY, ROW_AAD, secret_files.BOUND_PREFIX) == BOUND
    assert secret_files.encrypt_json(KEY, {"ho_ten": "Trần Thị Bé"}, secret_fields._AAD) == UNBOUND
    assert secret_files.encrypt_json(KEY, {"ho_ten": ""}, ROW_AAD) is None


def test_attachment_files_encrypted_before_open_and_are_written_the_same(fixed_nonce):
    assert secret_files._decrypt_bytes(KEY, FILE_SEALED) == FILE_PLAIN
    assert secret_files._encrypt_bytes(KEY, FILE_PLAIN) == FILE_SEALED


def test_a_wrong_key_another_row_or_a_changed_byte_is_refused_with_the_vietnamese_messages():
    other = bytes(32)
    with pytest.raises(secret_files.SecurityError, match="không khớp với chính hồ sơ"):
        secret_files.decrypt_json(KEY, BOUND, b"sodanvan.v2|don_thu|8|bi_mat")
    with pytest.raises(secret_files.SecurityError, match="không khớp với chính hồ sơ"):
        secret_files.decrypt_json(other, BOUND, ROW_AAD)
    raw = bytearray(base64.b64decode(UNBOUND[3:]))
    raw[20] ^= 1
    with pytest.raises(secret_files.SecurityError, match="sai mật khẩu hoặc dữ liệu bị sửa"):
        secret_files.decrypt_json(KEY, "v1:" + base64.b64encode(bytes(raw)).decode(), secret_fields._AAD)
    with pytest.raises(secret_files.SecurityError, match="không đúng định dạng"):
        secret_files.decrypt_json(KEY, UNBOUND[:20], secret_fields._AAD)
    for bad_key, blob in ((other, FILE_SEALED), (KEY, FILE_SEALED[:-1] + bytes([FILE_SEALED[-1] ^ 1])),
                          (KEY, FILE_SEALED[:40])):
        with pytest.raises(secret_files.SecurityError, match="sai mật khẩu hoặc tệp bị sửa"):
            secret_files._decrypt_bytes(bad_key, blob)
    with pytest.raises(secret_files.SecurityError, match="không đúng định dạng"):
        secret_files._decrypt_bytes(KEY, b"not ours" + FILE_SEALED[8:])
