"""API tokens: random, recognisable, stored only as a SHA-256 hash.

A token is `sg_` followed by 32 random bytes (`secrets.token_urlsafe(32)`: 43
characters, 256 bits). Only `hash_token(token)` reaches the database, so neither
the graph nor a query log holds a usable token.

Why a plain SHA-256 and not bcrypt/argon2: slow, salted hashes protect *low-entropy*
secrets (passwords) against guessing. A 256-bit random token cannot be guessed, so
a fast unsalted hash is as safe here, and it lets the database find the token's
owner with one indexed lookup (`Token.hash`) instead of checking every stored hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "sg_"
TOKEN_BYTES = 32


def generate_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Hex SHA-256 of the whole token (prefix included)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(value: str) -> bool:
    """Cheap shape check before any database work: the prefix and a plausible length."""
    body = value[len(TOKEN_PREFIX) :]
    return value.startswith(TOKEN_PREFIX) and 16 <= len(body) <= 128 and body.isascii()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
