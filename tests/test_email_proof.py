"""Proof of an e-mail address by a one-time code: codes, digests, expiry, tries (no Odoo)."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import email_proof as rules

SECRET = "database-secret"
NOW = datetime(2025, 3, 1, 10, 0, 0)


def test_new_code_is_six_digits_and_varies():
    codes = {rules.new_code() for _index in range(200)}
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(codes) > 150, "random, not a counter"


def test_the_digest_hides_the_code_and_is_salted():
    digest = rules.code_digest(SECRET, "123456")
    assert "123456" not in digest
    assert digest != rules.code_digest(SECRET, "123456"), "a new salt each time"
    salt = digest.split("$")[0]
    assert rules.code_digest(SECRET, "123456", salt) == digest
    assert rules.code_digest("another secret", "123456", salt) != digest, "keyed"


def test_a_new_proof_expires_in_15_minutes():
    code, proof = rules.new_proof(SECRET, NOW)
    assert proof.expires_at == NOW + timedelta(minutes=15)
    assert proof.attempts == 0
    assert proof.attempts_left == rules.MAX_ATTEMPTS == 5
    assert rules.check_code(proof, code, SECRET, NOW) == rules.OK


def test_the_right_code_in_time():
    code, proof = rules.new_proof(SECRET, NOW)
    later = NOW + timedelta(minutes=14, seconds=59)
    assert rules.check_code(proof, code, SECRET, later) == rules.OK


def test_a_wrong_code():
    code, proof = rules.new_proof(SECRET, NOW)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert rules.check_code(proof, wrong, SECRET, NOW) == rules.WRONG


def test_the_right_code_too_late():
    code, proof = rules.new_proof(SECRET, NOW)
    assert rules.check_code(proof, code, SECRET, NOW + timedelta(minutes=15)) == rules.EXPIRED


def test_the_right_code_after_the_tries_are_used():
    code, proof = rules.new_proof(SECRET, NOW)
    used = replace(proof, attempts=rules.MAX_ATTEMPTS)
    assert used.attempts_left == 0
    assert rules.check_code(used, code, SECRET, NOW) == rules.EXHAUSTED
    last = replace(proof, attempts=rules.MAX_ATTEMPTS - 1)
    assert rules.check_code(last, code, SECRET, NOW) == rules.OK


def test_a_code_checked_against_another_secret_is_wrong():
    code, proof = rules.new_proof(SECRET, NOW)
    assert rules.check_code(proof, code, "other", NOW) == rules.WRONG


def test_a_damaged_digest_never_matches():
    code, _proof = rules.new_proof(SECRET, NOW)
    proof = rules.Proof("", NOW + timedelta(minutes=5))
    assert rules.check_code(proof, code, SECRET, NOW) == rules.WRONG


@pytest.mark.parametrize(
    ("typed", "code"),
    [("123456", "123456"), (" 123 456 ", "123456"), ("123-456", "123456"), ("000001", "000001")],
)
def test_clean_code(typed, code):
    assert rules.clean_code(typed) == code


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        (123456, "type"),
        (None, "type"),
        (["123456"], "type"),
        ("12345", "format"),
        ("1234567", "format"),
        ("12a456", "format"),
        ("١٢٣٤٥٦", "format"),  # digits of another script
        ("", "format"),
    ],
)
def test_clean_code_refuses(typed, problem):
    with pytest.raises(rules.BadCode) as caught:
        rules.clean_code(typed)
    assert caught.value.problem == problem


@given(st.text(max_size=40))
def test_clean_code_gives_six_ascii_digits_or_refuses(typed):
    try:
        code = rules.clean_code(typed)
    except rules.BadCode:
        return
    assert len(code) == 6 and code.isascii() and code.isdigit()
