#!/usr/bin/env bash
# Makes bundles by hand with openssl and the Python standard library (no Nimbus, no Pinwheel code),
# then runs every attack through the client's own rules (BundleCheck) against a held bundle seq 5.
# Usage: client/scripts/handmade-attacks.sh   (builds the client first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -d target/classes ] || ../mvnw -B -ntp -q compile
../mvnw -B -ntp -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/classes:$(cat "$work/cp.txt")"

openssl ecparam -name prime256v1 -genkey -noout -out "$work/key.pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$work/other.pem" 2>/dev/null
openssl ec -in "$work/key.pem" -pubout -outform DER -out "$work/pub.der" 2>/dev/null

WORK="$work" python3 - <<'PY'
import base64, hmac, hashlib, json, os, subprocess, time
w = os.environ["WORK"]
b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
pub = open(f"{w}/pub.der", "rb").read()
x, y = pub[-64:-32], pub[-32:]
open(f"{w}/keys.json", "w").write(json.dumps({"keys": [{"kty": "EC", "crv": "P-256", "kid": "hand-1", "use": "sig",
                                                          "alg": "ES256", "x": b64u(x), "y": b64u(y)}]}))

def der_to_raw(der):
    assert der[0] == 0x30
    i = 2 if der[1] < 0x80 else 3
    out = b""
    for _ in range(2):
        assert der[i] == 0x02
        n = der[i + 1]
        v = der[i + 2:i + 2 + n]
        out += v.lstrip(b"\0").rjust(32, b"\0")
        i += 2 + n
    return out

def es256(header, payload, key="key.pem"):
    signing_input = b64u(json.dumps(header).encode()) + "." + b64u(json.dumps(payload).encode())
    der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", f"{w}/{key}"], input=signing_input.encode(),
                         capture_output=True, check=True).stdout
    return signing_input + "." + b64u(der_to_raw(der))

now = int(time.time())
pin = lambda seed: base64.b64encode(hashlib.sha256(seed).digest()).decode()
day = 86400
H = {"alg": "ES256", "kid": "hand-1", "typ": "pinwheel-bundle+jwt"}
def claims(seq, iat=now, exp=None, aud="banking"):
    return {"iss": "https://pins.example.test", "aud": aud, "seq": seq, "iat": iat, "exp": exp or iat + 14 * day,
            "pollIntervalSeconds": 3600, "maxStaleSeconds": 60 * day, "reportUri": None,
            "domains": [{"host": "api.example.test", "includeSubdomains": False, "mode": "enforce", "pinSetVersion": 1,
                         "pins": [{"sha256": pin(b"a"), "role": "primary"}, {"sha256": pin(b"b"), "role": "backup"}]}]}

held_iat = now - 30 * day
files = {
    "held": es256(H, claims(5, iat=held_iat)),
    "01-genuine-newer": es256(H, claims(6)),
    "02-same-seq": es256(H, claims(5, iat=held_iat)),
}
g = files["01-genuine-newer"].split(".")
evil = claims(6); evil["domains"][0]["pins"][0]["sha256"] = pin(b"evil")
files["03-tampered-payload"] = g[0] + "." + b64u(json.dumps(evil).encode()) + "." + g[2]
none_h = {"alg": "none", "kid": "hand-1", "typ": "pinwheel-bundle+jwt"}
files["04-alg-none"] = b64u(json.dumps(none_h).encode()) + "." + b64u(json.dumps(claims(6)).encode()) + "."
hs_h = {"alg": "HS256", "kid": "hand-1", "typ": "pinwheel-bundle+jwt"}
si = b64u(json.dumps(hs_h).encode()) + "." + b64u(json.dumps(claims(6)).encode())
files["05-hs256-keyed-with-public-key"] = si + "." + b64u(hmac.new(pub, si.encode(), hashlib.sha256).digest())
files["06-unknown-kid"] = es256({**H, "kid": "hand-2"}, claims(6), key="other.pem")
files["07-foreign-key-claiming-shipped-kid"] = es256(H, claims(6), key="other.pem")
files["08-another-apps-bundle"] = es256(H, claims(6, aud="brokerage"))
files["09-rollback-lower-seq"] = es256(H, claims(4, iat=held_iat - day))
files["10-expired-replay-freeze"] = es256(H, claims(7, iat=now - 20 * day, exp=now - 6 * day))
files["12-truncated"] = files["01-genuine-newer"][: len(files["01-genuine-newer"]) // 2]
for name, text in files.items():
    open(f"{w}/{name}.jws", "w").write(text)
open(f"{w}/13-garbage.jws", "wb").write(os.urandom(4096))
open(f"{w}/14-ten-megabytes.jws", "wb").write(b"A" * (10 * 1024 * 1024))
# Clock set back 60 days: a bundle issued before the held one looks unexpired at that time.
open(f"{w}/11-clock-set-back.jws", "w").write(es256(H, claims(6, iat=now - 45 * day, exp=now - 31 * day)))
open(f"{w}/clock-set-back.now", "w").write(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 60 * day)))
PY

status=0
for f in "$work"/[0-9]*.jws; do
  extra=()
  case "$f" in *clock-set-back*) extra=(--now "$(cat "$work/clock-set-back.now")");; esac
  java -cp "$cp" dev.pinwheel.client.BundleCheck --app banking --jwks "$work/keys.json" --held "$work/held.jws" \
      "${extra[@]}" "$f" | sed "s|$work/||" || true
done
