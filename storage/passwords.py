"""argon2id password hashing. Plaintext passwords are never stored or logged."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2-cffi's RFC 9106 low-memory profile: t=3, m=64 MiB, p=4

MIN_PASSWORD_LENGTH = 8


def use_cheap_parameters_for_tests() -> None:
    """Test suites only: argon2id with minimal cost, so hundreds of logins do not take minutes.

    Never called by product code; hashes made this way are flagged by ``needs_rehash`` under the default
    parameters, so they would be upgraded at the next login if they ever reached production.
    """
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
