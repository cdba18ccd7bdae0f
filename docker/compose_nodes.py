"""The three cluster nodes of docker/compose.yaml, for docker/build-image-steps.sh.

  compose_nodes.py same COMPOSE_YAML CLUSTER_COMPOSE_YML
      exits 0 when both files define kafkanet-1..3 alike (build context and profiles aside).
  compose_nodes.py local COMPOSE_YAML WORK PORT*6
      writes WORK/node-N/env, each node's KAFKA_* environment with the compose network moved onto
      127.0.0.1: every host:port a node listens on or names (kafkanet-M:port, 0.0.0.0:port) becomes
      127.0.0.1 and one of the given free ports; prints the three nodes' client ports.
"""
import re
import sys

import yaml

NODES = ["kafkanet-1", "kafkanet-2", "kafkanet-3"]
ADDRESS = re.compile(r"(?:kafkanet-(\d)|0\.0\.0\.0|):(\d+)")


def nodes(path):
    services = yaml.safe_load(open(path))["services"]
    return {name: services[name] for name in NODES}


def comparable(service):
    return {key: value for key, value in service.items() if key not in ("build", "profiles")}


def same(compose, cluster):
    left, right = nodes(compose), nodes(cluster)
    different = [name for name in NODES if comparable(left[name]) != comparable(right[name])]
    for name in different:
        print(f"{name} differs:\n  {comparable(left[name])}\n  {comparable(right[name])}")
    return 0 if not different else 1


def local(compose, work, ports):
    free = iter(ports)
    moved = {}  # (node number, port in the compose network) -> port on 127.0.0.1

    def move(number, port):
        if (number, port) not in moved:
            moved[(number, port)] = next(free)
        return "127.0.0.1:" + moved[(number, port)]

    client_ports = []
    for number, (name, service) in enumerate(nodes(compose).items(), start=1):
        environment = {key: str(value) for key, value in service["environment"].items()}
        for key, value in environment.items():
            environment[key] = ADDRESS.sub(lambda m: move(int(m.group(1) or number), m.group(2)), value)
        client = re.search(r"PLAINTEXT://127\.0\.0\.1:(\d+)", environment["KAFKA_ADVERTISED_LISTENERS"])
        client_ports.append(client.group(1))
        with open(f"{work}/node-{number}/env", "w") as out:
            out.writelines(f"{key}={value}\n" for key, value in environment.items())
    print(" ".join(client_ports))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "same":
        sys.exit(same(sys.argv[2], sys.argv[3]))
    sys.exit(local(sys.argv[2], sys.argv[3], sys.argv[4:]))
