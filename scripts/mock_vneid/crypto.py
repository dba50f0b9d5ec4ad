"""What the VNeID SSO does to codes and responses (vneid-protocol.md §2.3, §2.5).

AES-256-ECB with PKCS#7 padding and RSA PKCS#1 v1.5 are weak: they are here only because
the mock has to produce what the real identity provider sends.
"""

import base64
import json
import os
import threading

from cryptography import x509
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

AES_KEY_BYTES = 32


def random_aes_key() -> bytes:
    return os.urandom(AES_KEY_BYTES)


def aes_ecb_encrypt(key: bytes, plaintext: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(padded) + enc.finalize()


def aes_ecb_decrypt(key: bytes, ciphertext: bytes) -> bytes:
    dec = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    padded = dec.update(ciphertext) + dec.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def rsa_encrypt(public_key, data: bytes) -> bytes:
    return public_key.encrypt(data, asym_padding.PKCS1v15())


def load_public_key(path: str):
    """An RSA public key from a PEM file holding a public key (SPKI or PKCS#1), a
    certificate, or a private key (its public half is used)."""
    with open(path, "rb") as f:
        pem = f.read()
    if b"-----BEGIN CERTIFICATE-----" in pem:
        key = x509.load_pem_x509_certificate(pem).public_key()
    elif b"PRIVATE KEY-----" in pem:
        key = serialization.load_pem_private_key(pem, password=None).public_key()
    else:
        key = serialization.load_pem_public_key(pem)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA key")
    return key


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def encrypt_code(public_key, plain_code: str):
    """(encrypt_key, code as sent in the redirect) for an encrypting client."""
    key = random_aes_key()
    return (b64(rsa_encrypt(public_key, key)),
            b64(aes_ecb_encrypt(key, plain_code.encode("ascii"))))


def envelope(public_key, obj) -> dict:
    """The {data,key} envelope: data = AES-ECB(K, json), key = RSA(pub, K), fresh K."""
    key = random_aes_key()
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return {"data": b64(aes_ecb_encrypt(key, body)), "key": b64(rsa_encrypt(public_key, key))}


_unrelated_lock = threading.Lock()
_unrelated_key = None


def unrelated_public_key():
    """A key no relying party holds: the wrong_key fault encrypts to it."""
    global _unrelated_key
    with _unrelated_lock:
        if _unrelated_key is None:
            _unrelated_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
        return _unrelated_key
