#!/usr/bin/env bash
# Makes casebook.sqlite here: a 2024 call run to its announced decisions by a casebook
# from before one deployment kept several years (commit 50acc96), for cli/tests/years.rs
# to read with today's. Usage: make.sh PATH/TO/OLD/casebook
set -euo pipefail
old=$1
here=$(cd "$(dirname "$0")" && pwd)
data=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
export CASEBOOK_AS=org@example.org
unset CASEBOOK_CAMPAIGN CASEBOOK_NOW

serve() { # serve NOW: starts the server on a free port, sets $base
  "$old" --now "$1" serve --addr 127.0.0.1:0 --data-dir "$data" >"$data/serve.out" 2>/dev/null &
  server=$!
  until grep -q listening "$data/serve.out" 2>/dev/null; do sleep 0.1; done
  base=$(sed -n 's/.*listening on //p' "$data/serve.out")
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
case_json() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
name, lead, partner = sys.argv[1:]
s = lambda h: h + "\nTwo partners connected remote villages, trained local technicians to run the network and helped shops sell their goods online across the region."
print(json.dumps({"practice_name": name,
  "lead_organization": {"name": name + " Lead", "country": lead},
  "partners": [{"name": name + " Partner", "country": partner}],
  "countries": [lead, partner], "area": "infrastructure",
  "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
  "contact": {"name": "Li Wei", "email": "li.wei@example.org"}}))
PY
}

serve 2024-05-06T09:00:00+08:00
for name in "乡村互联 Village Links" "Rio Mesh"; do
  made=$(curl -sf -X POST "$base/applications" -H 'content-type: application/json' -d "$(case_json "$name" CN KE)")
  id=$(echo "$made" | json '["id"]'); token=$(echo "$made" | json '["edit_token"]')
  curl -sf -X POST "$base/applications/$id/submit" -H "authorization: Bearer $token" >/dev/null
done
stop

july=2024-07-02T09:00:00+08:00
"$old" --now $july admin organizers add --name "Org Anizer" --email org@example.org --json --data-dir "$data" >/dev/null
ana=$("$old" --now $july admin reviewers add --name "Ana Souza" --email ana@example.org --country Brazil --organization "Rio Institute" --json --data-dir "$data" | json '["token"]')
"$old" --now $july admin rounds assign 1 --per-case 1 --json --data-dir "$data" >/dev/null
serve $july
for id in $(curl -sf "$base/reviewer/assignments" -H "authorization: Bearer $ana" | json '["assignments"]' | python3 -c "import ast,sys; [print(a['application_id']) for a in ast.literal_eval(sys.stdin.read())]"); do
  curl -sf -X PUT "$base/reviewer/applications/$id/review" -H "authorization: Bearer $ana" -H 'content-type: application/json' \
    -d '{"round": 1, "status": "submitted", "comment": "Clear and useful.", "scores": {"conceptual_fit": 9, "international_cooperation": 7, "benefits_to_mankind": 6}}' >/dev/null
done
stop

september=2024-09-02T09:00:00+08:00
"$old" --now $september admin rounds close 1 --data-dir "$data" >/dev/null
"$old" --now $september admin decide --round 1 --case PC2024-0001 --decision collected --reason "Decided in session" --data-dir "$data" >/dev/null
"$old" --now $september admin decide --round 1 --case PC2024-0002 --decision not_selected --reason "Decided in session" --data-dir "$data" >/dev/null
"$old" --now $september admin announce --data-dir "$data" >/dev/null
sqlite3 "$data/casebook.sqlite" "VACUUM INTO '$here/casebook.sqlite.new'" 2>/dev/null \
  || python3 -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute(\"VACUUM INTO '\" + sys.argv[2] + \"'\")" "$data/casebook.sqlite" "$here/casebook.sqlite.new"
mv "$here/casebook.sqlite.new" "$here/casebook.sqlite"
echo "made $here/casebook.sqlite"
