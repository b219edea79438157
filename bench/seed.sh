# Seeding through the admin API (sourced by the benchmark scripts after lib.sh).

SEED_PARALLEL="${BENCH_SEED_PARALLEL:-4}"

seed_domain() { # host pinsPerDomain
  local host="$1" pins="$2" body j role
  api POST /admin/v1/domains "{\"host\":\"$host\",\"includeSubdomains\":false,\"mode\":\"enforce\"}" >/dev/null
  body="{\"comment\":\"seed\",\"pins\":["
  for ((j = 1; j <= pins; j++)); do
    role=backup; ((j == 1)) && role=primary
    body+="{\"sha256\":\"sha256/$(random_pin)\",\"role\":\"$role\"}"
    ((j < pins)) && body+=","
  done
  body+="]}"
  curl -sS -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -H 'If-Match: "0"' --data "$body" "$BASE/admin/v1/domains/$host/pin-set"
}

seed_app() { # appId domainCount pinsPerDomain
  local app="$1" n="$2" pins="$3" hosts=() batch=() i host
  api POST /admin/v1/apps "{\"id\":\"$app\",\"displayName\":\"Benchmark $app\"}" >/dev/null
  for ((i = 1; i <= n; i++)); do
    host="d$i.$app.bench.example"
    hosts+=("\"$host\"")
    seed_domain "$host" "$pins" &
    batch+=($!)
    if ((${#batch[@]} >= SEED_PARALLEL)); then wait "${batch[@]}"; batch=(); fi
  done
  ((${#batch[@]})) && wait "${batch[@]}"
  local list; list="$(IFS=,; echo "${hosts[*]}")"
  api PUT "/admin/v1/apps/$app/domains" "{\"hosts\":[$list]}" >/dev/null
}

publish() { # appId [comment] -> prints the body and the HTTP status
  curl -sS -w '\n%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data "{\"comment\":\"${2:-bench}\"}" "$BASE/admin/v1/apps/$1/bundles"
}
