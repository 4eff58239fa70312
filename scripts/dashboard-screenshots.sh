#!/usr/bin/env bash
# Copies the chosen screens of the dashboard's end-to-end run into
# docs/screenshots/ (the README shows them). With no argument it runs the
# end-to-end test first (a built netvet in build/ and the built dashboard in
# web/dist: scripts/setup.sh, then ninja -C build netvet); with ARTEFACTS_DIR
# it takes the screenshots of an earlier run (the folder the run printed).
# Usage: scripts/dashboard-screenshots.sh [ARTEFACTS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
if [ $# -ge 1 ]; then
  shots=$1
else
  shots=$(mktemp -d "${TMPDIR:-/tmp}/netvet-dashboard-screens.XXXXXX")
  NETVET_E2E_ARTEFACTS="$shots" tests/server/dashboard_check.sh e2e "$src" build/apps/netvet/netvet web/dist
fi
mkdir -p docs/screenshots
# run's name -> the README's name
chosen=(
  "network-overview-top:operator-network-overview.png"
  "compliance-timeline:operator-compliance-timeline.png"
  "removal-plan:operator-removal-plan.png"
  "proposal-draft:operator-proposal-assessment.png"
  "regulator-queue:regulator-queue.png"
  "regulator-notification:regulator-notification.png"
  "regulator-national:regulator-national-view.png"
  "regulator-log:regulator-log.png"
  "decision-letter-print:decision-letter-print.png"
  "password-reset-refused:password-reset.png"
)
for pair in "${chosen[@]}"; do
  from=${pair%%:*}
  to=${pair##*:}
  file=$(find "$shots" -maxdepth 1 -name "*${from}.png" | sort | head -1)
  if [ -z "$file" ]; then
    echo "dashboard-screenshots: no ${from}.png in $shots" >&2
    exit 1
  fi
  cp "$file" "docs/screenshots/$to"
  echo "docs/screenshots/$to <- $file"
done
# Only the chosen ones: a screen no longer chosen leaves docs/ too.
for f in docs/screenshots/*.png; do
  keep=no
  for pair in "${chosen[@]}"; do
    [ "$(basename "$f")" = "${pair##*:}" ] && keep=yes
  done
  if [ "$keep" = no ]; then
    rm "$f"
    echo "removed $f (not chosen)"
  fi
done
echo "docs/screenshots: $(find docs/screenshots -name '*.png' | wc -l) images, $(du -cb docs/screenshots/*.png | tail -1 | cut -f1) bytes"
