#!/usr/bin/env bash
# The cold start table (BENCHMARKS.md): every Lambda function of infra/template.yaml under
# lambda-bench's stub Runtime API, beside Python + boto3 doing the applications function's
# start. Run by scripts/bench inside scripts/with-moto (the local AWS-compatible server).
# BIN_DIR=dir measures the function binaries in dir instead (a before/after comparison
# side by side: the machine's speed varies from hour to hour); CASEBOOK=path is the
# casebook binary that creates the table.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN_DIR:-target/release}
casebook=${CASEBOOK:-target/release/casebook}
runs=${RUNS:-30}
invocations=${INVOCATIONS:-1000}
export CASEBOOK_TABLE=casebook-bench CASEBOOK_BUCKET=casebook-bench-files \
    CASEBOOK_MAIL_FROM=practice@example.org
"$casebook" aws init >/dev/null

# What every function of the template is given (none of it a real secret). The keys are
# the secrets `aws init` generated, read at their first use as on AWS: a function's first
# invocation that checks a token includes that read.
common=(--env CASEBOOK_BUCKET=$CASEBOOK_BUCKET --env CASEBOOK_MAIL_FROM=$CASEBOOK_MAIL_FROM
    --env CASEBOOK_REVIEWER_KEY_SECRET=$CASEBOOK_TABLE/reviewer-key
    --env CASEBOOK_ORGANIZER_KEY_SECRET=$CASEBOOK_TABLE/organizer-key
    --env CASEBOOK_OPT_OUT_KEY_SECRET=$CASEBOOK_TABLE/opt-out-key
    --env CASEBOOK_PUBLIC_URL=https://casebook.example.org
    --env TELEGRAM_BOT_TOKEN=123456:BENCH-not-a-real-token
    --env TELEGRAM_WEBHOOK_SECRET=sample-webhook-secret-for-the-events-only
    --env WECHAT_TOKEN=sample-token-for-the-events-in-this-folder-only
    --runs "$runs" --invocations "$invocations")

bench() { target/release/lambda-bench "${common[@]}" "$@" | tee -a "$log" >&2; }
log=$(mktemp)
bench --binary "$bin"/applications --events events/applications \
    --env CASEBOOK_UPLOAD_ORIGIN=https://$CASEBOOK_BUCKET.s3.eu-west-1.amazonaws.com
bench --binary "$bin"/attachments --events events/attachments
bench --binary "$bin"/attachment-uploaded --events events/attachment-uploaded/s3-object-created.json
bench --binary "$bin"/reviews --events events/reviews
bench --binary "$bin"/admin --events events/admin
bench --binary "$bin"/exports --events events/exports
bench --binary "$bin"/telegram --events events/telegram --fake-telegram
bench --binary "$bin"/wechat --events events/wechat
bench --binary "$bin"/reminders --events events/reminders/scheduled.json
bench --binary "$bin"/opt-out --events events/reminders/opt-out-bad-link.json
bench --name "python + boto3 (applications' start)" --binary .venv/bin/python --env AWS_DEFAULT_REGION="$AWS_REGION" \
    --arg bench/python/bootstrap.py --events events/applications

echo
echo "Cold start: process start to its first GET /runtime/invocation/next (median of $runs, range), the first event answered, and peak memory after $invocations events"
echo
echo "| function | size (stripped) | cold start | first invocation answered | peak RSS |"
echo "|---|---|---|---|---|"
grep '^| ' "$log"
rm -f "$log"
