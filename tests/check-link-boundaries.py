#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-link-boundaries.py NM GRIDWATCH-TOWND [GRIDWATCH]
#
# The three libraries stay apart where it counts: gridwatch-townd links
# the domain and the server's storage, never the client's sync stack; the
# app links the domain and the sync stack, never the server's storage.
# Read from the symbols the linker put in each binary (nm). Each list is
# also checked against the binary that must have those symbols, so that
# a renamed function cannot make the check pass by matching nothing.

import subprocess
import sys

# The client's sync stack (src/sync): the town client, the session, the
# outbox, the pulls, photo fetches and the cache's own tables.
SYNC = [
    "gw_town_client_",
    "gw_session_",
    "gw_outbox_",
    "gw_case_pull_",
    "gw_reference_pull_",
    "gw_feed_page_",
    "gw_media_fetch_",
    "gw_cache_open",
    "gw_store_apply_cases",
    "gw_store_enqueue_action",
    "gw_store_peek_outbox",
    "gw_store_apply_feed_page",
    "gw_store_index_cases",
]

# The town server's storage (src/server/store): users and tokens, the
# audit trail, idempotency keys, failed logins, the change feed, backups.
SERVER_STORE = [
    "gw_server_store_open",
    "gw_store_add_user",
    "gw_store_authenticate",
    "gw_store_list_users",
    "gw_store_revoke_user",
    "gw_store_rotate_token",
    "gw_token_generate",
    "gw_token_hash",
    "gw_store_audit",
    "gw_store_list_audit",
    "gw_store_lookup_idempotent",
    "gw_store_remember_idempotent",
    "gw_store_record_auth_failures",
    "gw_store_read_changes",
    "gw_store_record_changes",
    "gw_store_backup",
]


def defined_symbols(nm, binary):
    out = subprocess.run([nm, "--defined-only", binary], check=True,
                         capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def matches(symbols, prefixes):
    return {p: sorted(s for s in symbols if s.startswith(p)) for p in prefixes}


def main():
    nm, townd = sys.argv[1], sys.argv[2]
    app = sys.argv[3] if len(sys.argv) > 3 else None
    checks = []

    townd_symbols = defined_symbols(nm, townd)
    app_symbols = defined_symbols(nm, app) if app else None

    checks.append(("gridwatch-townd links no sync stack",
                   {p: s for p, s in matches(townd_symbols, SYNC).items() if s}))
    checks.append(("gridwatch-townd has the server's storage",
                   {p: ["missing"] for p, s in matches(townd_symbols, SERVER_STORE).items() if not s}))
    if app_symbols is not None:
        checks.append(("gridwatch links no server storage",
                       {p: s for p, s in matches(app_symbols, SERVER_STORE).items() if s}))
        checks.append(("gridwatch has the sync stack",
                       {p: ["missing"] for p, s in matches(app_symbols, SYNC).items() if not s}))

    print("1..%d" % len(checks))
    failed = False
    for n, (name, bad) in enumerate(checks, 1):
        if bad:
            failed = True
            print("not ok %d - %s" % (n, name))
            for prefix, symbols in sorted(bad.items()):
                print("# %s: %s" % (prefix, ", ".join(symbols[:5])))
        else:
            print("ok %d - %s" % (n, name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
