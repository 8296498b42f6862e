# Sourced by scripts/test, scripts/with-moto and scripts/bench: makes sure the project-local
# virtualenv (.venv) holds moto (the local AWS-compatible server) and cfn-lint, pinned.
MOTO_VERSION=5.2.5
CFN_LINT_VERSION=1.58.0
VENV=.venv

ensure_python_tools() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "casebook: creating the Python virtualenv $VENV (once)" >&2
        python3 -m venv "$VENV"
    fi
    if ! "$VENV/bin/python" - "$MOTO_VERSION" "$CFN_LINT_VERSION" >/dev/null 2>&1 <<'PY'
import sys, importlib.metadata as m
assert m.version("moto") == sys.argv[1] and m.version("cfn-lint") == sys.argv[2]
PY
    then
        echo "casebook: installing moto $MOTO_VERSION and cfn-lint $CFN_LINT_VERSION into $VENV (once)" >&2
        "$VENV/bin/pip" install --quiet --disable-pip-version-check \
            "moto[server]==$MOTO_VERSION" "cfn-lint==$CFN_LINT_VERSION"
    fi
}
