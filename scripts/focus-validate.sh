#!/usr/bin/env bash
# Check the FOCUS export with the FinOps Foundation's validator (focus-validator 2.2.1, FOCUS
# 1.2.0.1 rules): every example and every estate under tests/fixtures/focus/ is estimated with
# `estimate --format focus` and validated; any failed rule fails this script.
#
# Usage: scripts/focus-validate.sh BINARY [WORKDIR]
#   BINARY   the connect-advisor binary (debug or release)
#   WORKDIR  where the virtualenv and the generated files go (default: target/focus-validator)
#
# Needs Python >= 3.12 (the validator's requirement): the newest pyenv version >= 3.12, else a
# python3.13 / python3.12 on PATH. Debian 12's python3 is 3.11, too old.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:?usage: scripts/focus-validate.sh BINARY [WORKDIR]}")
WORK=${2:-target/focus-validator}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")

find_python() {
  local v
  for v in $(ls -1 "${PYENV_ROOT:-$HOME/.pyenv}/versions" 2>/dev/null | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -t. -k1,1n -k2,2n -k3,3n -r); do
    local minor=${v#3.}; minor=${minor%%.*}
    if [ "$minor" -ge 12 ]; then echo "${PYENV_ROOT:-$HOME/.pyenv}/versions/$v/bin/python3"; return 0; fi
  done
  for p in python3.13 python3.12; do
    if command -v "$p" >/dev/null; then command -v "$p"; return 0; fi
  done
  return 1
}

VENV="$WORK/venv"
if [ ! -x "$VENV/bin/focus-validator" ]; then
  PY=$(find_python) || { echo "focus-validate: no Python >= 3.12 found (pyenv or PATH)" >&2; exit 1; }
  echo "focus-validate: installing focus-validator 2.2.1 with $("$PY" --version)"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check focus-validator==2.2.1
  # Its pyarrow wheel needs NumPy 2, despite the package's numpy<2 pin.
  "$VENV/bin/pip" install -q --disable-pip-version-check "numpy>=2" 2>&1 | grep -v "dependency conflicts\|requires numpy<2\|^ERROR: pip's dependency resolver" || true
fi

# The validator reads focus_validator/rules/currency_codes.csv relative to the working directory.
RULES=$("$VENV/bin/python" -c 'import focus_validator, os; print(os.path.join(os.path.dirname(focus_validator.__file__), "rules"))')
mkdir -p "$WORK/run/focus_validator/rules"
cp "$RULES/currency_codes.csv" "$WORK/run/focus_validator/rules/"

status=0
for scenario in examples/*.json tests/fixtures/focus/*.json; do
  name=$(basename "$scenario" .json)
  csv="$WORK/run/$name.csv"
  out="$WORK/run/$name.out"
  "$BIN" estimate "$scenario" --format focus > "$csv"
  (cd "$WORK/run" && "$VENV/bin/focus-validator" --data-file "$csv" --validate-version 1.2.0.1 \
     --block-download --column-namespace x --output-type console > "$out" 2>&1) || true
  # A rule that is one branch of an OR whose composite passed is not a failure of the file:
  # InvoiceId-C-003 is "null without an invoice (C-004) OR not null with one (C-005)", and the
  # validator's summary still counts the branch that does not apply.
  if ! "$VENV/bin/python" - "$out" "$RULES/model-1.2.0.1.json" <<'PY'
import json, re, sys
out, model = open(sys.argv[1], encoding="utf-8").read(), json.load(open(sys.argv[2]))
summary = re.search(r"^Total: (\d+) \| Pass: (\d+) \| Fail: (\d+) \| Skipped: (\d+)", out, re.M)
if not summary:
    print("  no validation summary in the validator output:\n" + out[-2000:])
    sys.exit(1)
status = dict(re.findall(r"^\S+ (\S+): (PASS|FAIL|SKIPPED)", out, re.M))
or_parent = {}
for rid, rule in model["ModelRules"].items():
    req = rule.get("ValidationCriteria", {}).get("Requirement", {})
    if req.get("CheckFunction") == "OR":
        for item in req.get("Items", []):
            if item.get("CheckFunction") == "CheckModelRule":
                or_parent[item["ModelRuleId"]] = rid
failed = [r for r, s in status.items() if s == "FAIL"]
real = [r for r in failed if status.get(or_parent.get(r, ""), "") != "PASS"]
excused = sorted(set(failed) - set(real))
print(f"  {summary.group(0)}; failures that count: {len(real)}"
      + (f" (not counted, the other branch of a passed OR: {', '.join(excused)})" if excused else ""))
for line in out.splitlines():
    if any(line.startswith(f"- {r}:") for r in real):
        print("  " + line)
sys.exit(1 if real else 0)
PY
  then
    echo "focus-validate: $name FAILS (full output: $out)"
    status=1
  else
    echo "focus-validate: $name passes"
  fi
done
exit $status
