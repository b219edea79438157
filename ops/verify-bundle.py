#!/usr/bin/env python3
"""Verifies a Pinwheel bundle the way a client does, with nothing but the Python standard library.

    ops/verify-bundle.py BUNDLE_FILE JWKS_FILE ISSUER APP_ID

Checks the ES256 signature (ECDSA P-256 / SHA-256, implemented here from the curve's definition,
independently of the service's JOSE library) with the key of the JWS header's kid from the JWKS,
then the claims: iss, aud (the app id), exp in the future. Prints the payload's seq and domain count;
exits 1 on any failure.
"""
import base64
import hashlib
import json
import sys
import time

P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B


def b64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    if p1[0] == p2[0] and (p1[1] + p2[1]) % P == 0:
        return None
    if p1 == p2:
        lam = (3 * p1[0] * p1[0] + A) * pow(2 * p1[1], -1, P) % P
    else:
        lam = (p2[1] - p1[1]) * pow(p2[0] - p1[0], -1, P) % P
    x = (lam * lam - p1[0] - p2[0]) % P
    return x, (lam * (p1[0] - x) - p1[1]) % P


def mul(k, point):
    result = None
    while k:
        if k & 1:
            result = add(result, point)
        point = add(point, point)
        k >>= 1
    return result


def verify_es256(signing_input, signature, x, y):
    if len(signature) != 64 or (y * y - (x * x * x + A * x + B)) % P != 0:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    if not (0 < r < N and 0 < s < N):
        return False
    z = int.from_bytes(hashlib.sha256(signing_input).digest(), "big")
    w = pow(s, -1, N)
    point = add(mul(z * w % N, G), mul(r * w % N, (x, y)))
    return point is not None and point[0] % N == r


def main():
    bundle_file, jwks_file, issuer, app = sys.argv[1:5]
    jws = open(bundle_file, encoding="ascii").read().strip()
    head, body, sig = jws.split(".")
    header = json.loads(b64(head))
    if header.get("alg") != "ES256":
        sys.exit(f"unexpected alg {header.get('alg')}")
    keys = [k for k in json.load(open(jwks_file))["keys"] if k.get("kid") == header.get("kid")]
    if not keys:
        sys.exit(f"kid {header.get('kid')} is not in the JWKS")
    key = keys[0]
    if key.get("kty") != "EC" or key.get("crv") != "P-256":
        sys.exit("the key is not an EC P-256 key")
    if not verify_es256(f"{head}.{body}".encode("ascii"), b64(sig),
                        int.from_bytes(b64(key["x"]), "big"), int.from_bytes(b64(key["y"]), "big")):
        sys.exit("signature does NOT verify")
    claims = json.loads(b64(body))
    if claims.get("iss") != issuer:
        sys.exit(f"iss is {claims.get('iss')}, expected {issuer}")
    if claims.get("aud") != app:
        sys.exit(f"aud is {claims.get('aud')}, expected {app}")
    if claims.get("exp", 0) <= time.time():
        sys.exit("the bundle has expired")
    print(f"signature OK (kid {header['kid']}); seq {claims.get('seq')}, {len(claims.get('domains', []))} domain(s)")


if __name__ == "__main__":
    main()
