#!/usr/bin/env bash
# The container image's steps without Docker (docker/build-image-steps.sh): the Dockerfile's
# self-contained single-file publish, the binary started as the image starts it (KAFKA_* variables,
# data in the volume's directory) on 127.0.0.1 with kcat against it, and the three-node cluster of
# docker/compose.yaml from its environment. Ends with "N passed, M failed".
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"

command -v kcat >/dev/null || { apt-get install -y -qq kcat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }; }
python3 -c 'import yaml' 2>/dev/null || /usr/bin/python3 -c 'import yaml' 2>/dev/null || { apt-get install -y -qq python3-yaml >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-yaml >/dev/null; }; }
command -v kcat >/dev/null || { echo "kcat is not installed"; echo "0 passed, 1 failed"; exit 1; }

exec bash "$REPO_ROOT/docker/build-image-steps.sh"
