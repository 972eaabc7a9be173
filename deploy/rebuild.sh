#!/usr/bin/env bash
# The daily rebuild of the public site: update the records, check the publication rules,
# build for today in Asia/Shanghai and copy the site to the county portal. Run by cron
# (deploy/gxj-zfgs.cron) or by the systemd timer (deploy/gxj-zfgs-rebuild.timer); see
# README.md, "Scheduling the daily rebuild".
#
# Any failure stops the run with a non-zero exit status and the failed step on stderr, before
# anything is copied: the portal keeps the last good site (R-C fail closed).
set -euo pipefail

# Overridable from the environment (the systemd unit sets them with Environment=).
REPO_DIR="${REPO_DIR:-/srv/records}"
DEPLOY_TARGET="${DEPLOY_TARGET:-portal:/srv/www/gxj/zfgs/}"
SITE_URL="${SITE_URL:-https://www.example.gov.cn/gxj/zfgs/}"
OUTPUT_DIR="${OUTPUT_DIR:-output}"
PYTHON="${PYTHON:-.venv/bin/python}"
PUBLISHER="${PUBLISHER:-.venv/bin/publisher}"

trap 'echo "每日生成失败：第 ${LINENO} 行 ${BASH_COMMAND}（网站未更新）" >&2' ERR

cd "$REPO_DIR"

# --ff-only: a checkout that has drifted from the bureau's repository needs a person, not an
# automatic merge. The full history stays: the silent-edit check (R-A6) reads it.
git pull --quiet --ff-only

# One as-of date for every step, so that a run crossing midnight checks and builds the same
# day. It comes from the publisher's clock: `TZ=Asia/Shanghai date` would silently give the
# UTC date on a machine without time-zone data, a day early until 08:00 Beijing time.
as_of="$("$PYTHON" -c 'from publisher.clock import today_in_shanghai; print(today_in_shanghai())')"

"$PUBLISHER" check --content content --scope publication --as-of "$as_of"
"$PUBLISHER" build --content content --settings publishconf.py --output "$OUTPUT_DIR" \
    --site-url "$SITE_URL" --as-of "$as_of"

# --delete: a record that left the site (R-A4, R-A5) must leave the portal too.
rsync -a --delete "$OUTPUT_DIR/" "$DEPLOY_TARGET"

next_change="$("$PUBLISHER" status --content content --as-of "$as_of" --next-change)"
echo "已发布 ${as_of} 的网站；下次规则生效日：${next_change:-无}"
