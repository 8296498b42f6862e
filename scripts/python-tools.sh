# Sourced by scripts/test, scripts/with-moto and scripts/bench: makes sure the project-local
# virtualenv (.venv) holds moto (the local AWS-compatible server), cfn-lint and Playwright
# (which drives the system's Chromium for the review page's test) and Schemathesis (which
# checks the API against its OpenAPI document), openpyxl (which reads the console's XLSX
# download back) and aiosmtpd (the SMTP server the mail tests send to), pinned.
MOTO_VERSION=5.2.5
CFN_LINT_VERSION=1.58.0
PLAYWRIGHT_VERSION=1.65.0
SCHEMATHESIS_VERSION=4.32.0
OPENPYXL_VERSION=3.1.5
AIOSMTPD_VERSION=1.4.6
AXE_VERSION=4.14.1
VENV=.venv
TOOLS=.tools

ensure_python_tools() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "casebook: creating the Python virtualenv $VENV (once)" >&2
        python3 -m venv "$VENV"
    fi
    if ! "$VENV/bin/python" - "$MOTO_VERSION" "$CFN_LINT_VERSION" "$PLAYWRIGHT_VERSION" "$SCHEMATHESIS_VERSION" "$OPENPYXL_VERSION" "$AIOSMTPD_VERSION" >/dev/null 2>&1 <<'PY'
import sys, importlib.metadata as m
assert m.version("moto") == sys.argv[1] and m.version("cfn-lint") == sys.argv[2]
assert m.version("playwright") == sys.argv[3] and m.version("schemathesis") == sys.argv[4]
assert m.version("openpyxl") == sys.argv[5] and m.version("aiosmtpd") == sys.argv[6]
PY
    then
        echo "casebook: installing moto $MOTO_VERSION, cfn-lint $CFN_LINT_VERSION, playwright $PLAYWRIGHT_VERSION, schemathesis $SCHEMATHESIS_VERSION, openpyxl $OPENPYXL_VERSION and aiosmtpd $AIOSMTPD_VERSION into $VENV (once)" >&2
        "$VENV/bin/pip" install --quiet --disable-pip-version-check \
            "moto[server]==$MOTO_VERSION" "cfn-lint==$CFN_LINT_VERSION" "playwright==$PLAYWRIGHT_VERSION" \
            "schemathesis==$SCHEMATHESIS_VERSION" "openpyxl==$OPENPYXL_VERSION" "aiosmtpd==$AIOSMTPD_VERSION"
    fi
}

# Chromium for the review page's test: Debian's package (Playwright's own download needs
# the network). Installed once with apt-get, as root or through sudo.
ensure_chromium() {
    if [ -x "${CASEBOOK_CHROMIUM:-/usr/bin/chromium}" ]; then
        return
    fi
    echo "casebook: installing Chromium with apt-get (once, about 300 MB)" >&2
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get install -y -qq chromium >/dev/null 2>&1 ||
        { $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null; }
}

# axe-core, the accessibility checker the page tests inject (from the npm registry).
ensure_axe() {
    if [ -f "$TOOLS/node_modules/axe-core/axe.min.js" ] &&
        grep -q "\"version\": \"$AXE_VERSION\"" "$TOOLS/node_modules/axe-core/package.json"; then
        return
    fi
    echo "casebook: installing axe-core $AXE_VERSION into $TOOLS with npm (once)" >&2
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null
}
