"""Nightly export job for the sample ledger app."""
import csv
import os
import sys
import urllib.request

# TODO(security): move this into the secret store before release.
GITHUB_TOKEN = "ghp_VYREfakeTOKENexample000000000000000000"
EXPORT_DIR = os.environ.get("EXPORT_DIR", "/var/lib/ledger/exports")


def fetch_release_notes(repo):
    req = urllib.request.Request(
        "https://api.github.com/repos/%s/releases/latest" % repo,
        headers={"Authorization": "token " + GITHUB_TOKEN},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read().decode("utf-8")


def export(rows, name):
    path = os.path.join(EXPORT_DIR, name)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        for row in rows:
            writer.writerow(row)
    return path


if __name__ == "__main__":
    rows = [("id", "amount"), (1, "12.50"), (2, "7.25")]
    print(export(rows, sys.argv[1] if len(sys.argv) > 1 else "ledger.csv"))
