"""The production manifests in deploy/ parse and hold what production depends on.

Every YAML document under deploy/ is read with ``yaml.safe_load_all``. The four service files
are complete (no kustomize patches), so what is checked here is what ``kubectl apply -k``
sends, less the namespace and labels kustomize adds. Where ``kubectl`` or ``nats-server``
is at hand, the kustomize build and the NATS configuration are checked by the real tools too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.localrun import settings_class
from shared.messaging.stream import DUPLICATE_WINDOW_SECONDS, stream_config
from shared.natsserver import nats_server_binary

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SERVICES = ("registry", "calloff", "evaluation", "contracts")
NAMESPACE = "care-dps"
NATS_URL = "nats://nats.care-dps.svc:4222"
IMAGE = "ghcr.io/care-dps/care-dps:0.1.0"
NANOSECONDS = 1_000_000_000
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")


def _yaml_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _load_documents() -> list[tuple[Path, Any]]:
    documents = []
    for path in _yaml_files():
        with path.open(encoding="utf-8") as handle:
            for document in yaml.safe_load_all(handle):
                documents.append((path, document))
    return documents


DOCUMENTS = _load_documents()
OBJECTS = [
    doc
    for _, doc in DOCUMENTS
    if isinstance(doc, dict)
    and "kind" in doc
    and not str(doc.get("apiVersion", "")).startswith("kustomize.config.k8s.io")
]


def objects(kind: str) -> list[dict[str, Any]]:
    return [o for o in OBJECTS if o["kind"] == kind]


def named(kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects(kind) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected exactly one {kind} {name!r} in deploy/, found {len(found)}"
    return found[0]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def all_containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(workload)
    return list(spec.get("initContainers", [])) + list(spec["containers"])


def security(container: dict[str, Any], pod: dict[str, Any], key: str) -> Any:
    """A container's security setting, falling back to the pod's (as Kubernetes does)."""
    own = container.get("securityContext", {})
    if key in own:
        return own[key]
    return pod.get("securityContext", {}).get(key)


def workload_ids(kinds: tuple[str, ...]) -> list[str]:
    return [f"{o['kind']}/{o['metadata']['name']}" for o in OBJECTS if o["kind"] in kinds]


def workload(identifier: str) -> dict[str, Any]:
    kind, name = identifier.split("/", 1)
    return named(kind, name)


def kustomization() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "kustomization.yaml").read_text(encoding="utf-8"))


def nats_conf() -> str:
    return named("ConfigMap", "nats-config")["data"]["nats.conf"]


def stream_definition() -> dict[str, Any]:
    return json.loads((DEPLOY / "nats" / "stream-dps.json").read_text(encoding="utf-8"))


# --- the files ------------------------------------------------------------------------------


def test_every_yaml_document_parses_into_a_kubernetes_object() -> None:
    assert len(_yaml_files()) >= 10, "deploy/ lost most of its manifests"
    for path, document in DOCUMENTS:
        if document is None:  # an empty document (a trailing ---) is harmless
            continue
        assert isinstance(document, dict), f"{path}: a document that is not a mapping"
        assert document.get("apiVersion") and document.get("kind"), f"{path}: no apiVersion/kind"
        if document["kind"] != "Kustomization":
            assert document.get("metadata", {}).get("name"), f"{path}: an object without a name"


def test_kustomization_lists_every_manifest_and_nothing_missing() -> None:
    k = kustomization()
    assert k["namespace"] == NAMESPACE
    listed = {(DEPLOY / r).resolve() for r in k["resources"]}
    on_disk = {p.resolve() for p in _yaml_files() if p.name != "kustomization.yaml"}
    assert listed - on_disk == set(), "kustomization.yaml lists files that do not exist"
    assert on_disk - listed == set(), "manifests under deploy/ that kustomization.yaml leaves out"
    for generator in k.get("configMapGenerator", []):
        for entry in generator.get("files", []):
            assert (DEPLOY / entry.split("=")[-1]).is_file(), f"generator file {entry} is missing"


def test_the_namespace_exists_and_nothing_escapes_it() -> None:
    assert named("Namespace", NAMESPACE)
    for obj in OBJECTS:
        namespace = obj["metadata"].get("namespace")
        assert namespace in (None, NAMESPACE), f"{obj['kind']}/{obj['metadata']['name']}"


# --- the four services ----------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_a_deployment_that_serves_its_app(service: str) -> None:
    deployment = named("Deployment", service)
    assert deployment["spec"]["replicas"] >= 2
    [container] = pod_spec(deployment)["containers"]
    assert container["image"] == IMAGE
    command = container.get("command", []) + container.get("args", [])
    assert command[0] == "uvicorn"
    assert f"services.{service}.main:create_app" in command
    assert "--factory" in command
    assert command[command.index("--port") + 1] == "8000"
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert {"name": "http", "containerPort": 8000} in container["ports"]


def test_every_service_the_local_runner_knows_is_deployed() -> None:
    from shared.localrun import SERVICES as LOCAL_SERVICES

    deployed = {d["metadata"]["name"] for d in objects("Deployment")}
    assert set(LOCAL_SERVICES) <= deployed


@pytest.mark.parametrize("identifier", workload_ids(("Deployment",)))
def test_deployments_are_locked_down_probed_and_limited(identifier: str) -> None:
    deployment = workload(identifier)
    pod = pod_spec(deployment)
    assert pod.get("automountServiceAccountToken") is False
    for container in all_containers(deployment):
        where = f"{identifier} container {container['name']}"
        assert security(container, pod, "runAsNonRoot") is True, where
        assert security(container, pod, "runAsUser") not in (None, 0), where
        assert security(container, pod, "readOnlyRootFilesystem") is True, where
        assert security(container, pod, "allowPrivilegeEscalation") is False, where
        assert "ALL" in container["securityContext"]["capabilities"]["drop"], where
        seccomp = security(container, pod, "seccompProfile") or {}
        assert seccomp.get("type") == "RuntimeDefault", where

        # Liveness is the process alone (/healthz never looks at NATS or the database), so
        # an outage of either restarts nothing; readiness is the database (/readyz).
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", where
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", where
        assert container["startupProbe"]["httpGet"]["path"] in ("/healthz", "/readyz"), where

        resources = container["resources"]
        assert {"cpu", "memory"} <= set(resources["limits"]), where
        assert {"cpu", "memory"} <= set(resources["requests"]), where

        # A read-only root needs somewhere to write temporary files.
        tmp = [m for m in container.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
        assert tmp, f"{where}: no writable /tmp"
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        assert "emptyDir" in volumes[tmp[0]["name"]], where


@pytest.mark.parametrize("identifier", workload_ids(("StatefulSet", "DaemonSet", "Job", "CronJob")))
def test_other_workloads_are_locked_down_too(identifier: str) -> None:
    """The namespace enforces the restricted Pod Security Standard: NATS and Jobs as well."""
    item = workload(identifier)
    pod = pod_spec(item)
    for container in all_containers(item):
        where = f"{identifier} container {container['name']}"
        assert security(container, pod, "runAsNonRoot") is True, where
        assert security(container, pod, "readOnlyRootFilesystem") is True, where
        assert security(container, pod, "allowPrivilegeEscalation") is False, where
        assert "ALL" in container["securityContext"]["capabilities"]["drop"], where
        assert (security(container, pod, "seccompProfile") or {}).get("type") == "RuntimeDefault"
        assert {"cpu", "memory"} <= set(container["resources"]["limits"]), where


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_configured_for_production_under_its_own_prefix(service: str) -> None:
    prefix = service.upper() + "_"
    deployment = named("Deployment", service)
    [container] = pod_spec(deployment)["containers"]

    environment: dict[str, Any] = {}
    for source in container.get("envFrom", []):
        config_map = named("ConfigMap", source["configMapRef"]["name"])
        environment.update(config_map["data"])
    for variable in container.get("env", []):
        environment[variable["name"]] = variable.get("value", variable.get("valueFrom"))

    fields = set(settings_class(service).model_fields)
    for name in environment:
        if name.startswith("DPS_"):
            continue  # process-wide (logging), read by shared/logs.py
        assert name.startswith(prefix), f"{service}: {name} is outside the prefix {prefix}"
        assert name[len(prefix) :].lower() in fields, f"{service}: {name} is not a setting"

    assert environment[prefix + "NATS_URL"] == NATS_URL
    assert environment[prefix + "AUTH_MODE"] == "production"
    # No shared secret anywhere, and no way round loopback-only local tokens.
    assert prefix + "JWT_SECRET" not in environment
    assert prefix + "ALLOW_LOCAL_AUTH_OFF_LOOPBACK" not in environment
    assert float(environment[prefix + "TOKEN_MAX_LIFETIME_HOURS"]) <= 12
    assert int(environment[prefix + "MAX_REQUEST_BODY_BYTES"]) <= 10 * 1024 * 1024
    assert environment[prefix + "RUN_MIGRATIONS"] in ("true", "false")
    assert environment["DPS_LOG_FORMAT"] == "json"
    assert environment[prefix + "DATABASE_URL"] == {
        "secretKeyRef": {"name": f"{service}-db", "key": "DATABASE_URL"}
    }
    assert environment[prefix + "JWT_PUBLIC_KEY"] == {
        "secretKeyRef": {"name": f"{service}-db", "key": "jwt-public-key"}
    }
    # Service links would put <SERVICE>_PORT=tcp://... inside the settings' prefix.
    assert pod_spec(deployment).get("enableServiceLinks") is False


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_a_service_a_budget_and_is_scraped(service: str) -> None:
    deployment = named("Deployment", service)
    template = deployment["spec"]["template"]
    labels = template["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= labels.items()

    svc = named("Service", service)
    assert svc["spec"]["selector"].items() <= labels.items()
    [port] = svc["spec"]["ports"]
    assert port["port"] == 80
    [container] = pod_spec(deployment)["containers"]
    target = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert target.get(port["targetPort"], port["targetPort"]) == 8000

    budget = named("PodDisruptionBudget", service)
    assert budget["spec"]["minAvailable"] == 1
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()

    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/path"] == "/metrics"
    assert annotations["prometheus.io/port"] == "8000"


# --- NATS -----------------------------------------------------------------------------------


def _active_lines(text: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in text.splitlines()]


def test_nats_syncs_to_disk_before_it_acknowledges() -> None:
    text = nats_conf()
    assert "sync_interval: always" in text
    lines = _active_lines(text)
    assert "sync_interval: always" in lines, "sync_interval: always is commented out"
    assert "store_dir: /data/jetstream" in lines
    assert "http_port: 8222" in lines
    routes = re.findall(r"nats://(nats-\d)\.nats-headless:6222", text)
    assert sorted(routes) == ["nats-0", "nats-1", "nats-2"]


def test_nats_config_is_accepted_by_nats_server(tmp_path: Path) -> None:
    """``nats-server -t`` parses the file and its values (a bad sync_interval fails here)."""
    try:
        binary = nats_server_binary()
    except RuntimeError:
        pytest.skip("no nats-server binary")
    config = tmp_path / "nats.conf"
    config.write_text(nats_conf(), encoding="utf-8")
    result = subprocess.run(
        [binary, "-t", "-c", str(config)],
        env={**os.environ, "SERVER_NAME": "nats-0"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_nats_runs_three_servers_on_persistent_volumes() -> None:
    statefulset = named("StatefulSet", "nats")
    assert statefulset["spec"]["replicas"] == 3
    headless = named("Service", statefulset["spec"]["serviceName"])
    assert headless["spec"]["clusterIP"] == "None"
    assert headless["spec"].get("publishNotReadyAddresses") is True
    assert {p["port"] for p in headless["spec"]["ports"]} >= {4222, 6222}

    client = named("Service", "nats")  # nats://nats.care-dps.svc:4222
    assert 4222 in {p["port"] for p in client["spec"]["ports"]}

    [claim] = statefulset["spec"]["volumeClaimTemplates"]
    [container] = pod_spec(statefulset)["containers"]
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert mounts.get("/data") == claim["metadata"]["name"]
    config_volume = {v["name"]: v for v in pod_spec(statefulset)["volumes"]}[mounts["/etc/nats"]]
    assert config_volume["configMap"]["name"] == "nats-config"
    assert "/etc/nats/nats.conf" in container.get("command", []) + container.get("args", [])
    assert {p["containerPort"] for p in container["ports"]} == {4222, 6222, 8222}

    budget = named("PodDisruptionBudget", "nats")
    assert budget["spec"]["maxUnavailable"] == 1


def test_the_stream_definition_is_durable_and_deduplicating() -> None:
    stream = stream_definition()
    assert stream["name"] == "DPS"
    assert stream["subjects"] == ["dps.>"]
    assert stream["storage"] == "file"
    assert stream["num_replicas"] == 3
    assert stream["retention"] == "limits"
    assert stream["discard"] == "old"
    assert stream["duplicate_window"] > 0
    assert stream["duplicate_window"] == DUPLICATE_WINDOW_SECONDS * NANOSECONDS
    assert stream["max_age"] == 365 * 24 * 60 * 60 * NANOSECONDS


def test_the_stream_definition_matches_the_one_the_tests_run_against() -> None:
    """deploy/nats/stream-dps.json and shared/messaging/stream.py must not drift apart."""
    stream = stream_definition()
    ours = stream_config(replicas=3).as_dict()
    for key in (
        "name",
        "subjects",
        "retention",
        "discard",
        "storage",
        "num_replicas",
        "duplicate_window",
        "max_age",
        "allow_atomic",
    ):
        expected = getattr(ours[key], "value", ours[key])
        assert stream[key] == expected, key


def test_a_job_creates_or_updates_the_stream() -> None:
    job = named("Job", "nats-stream-dps")
    pod = pod_spec(job)
    assert pod["restartPolicy"] in ("OnFailure", "Never")
    [container] = pod["containers"]
    assert container["image"].startswith("natsio/nats-box:")
    script = " ".join(container.get("command", []) + container.get("args", []))
    assert "nats stream add" in script and "--config /config/stream-dps.json" in script
    assert "nats stream edit" in script  # an existing stream is brought to the definition
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    assert env["NATS_URL"] == NATS_URL

    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == "/config")
    volume = {v["name"]: v for v in pod["volumes"]}[mount["name"]]
    generated = {g["name"]: g for g in kustomization().get("configMapGenerator", [])}[
        volume["configMap"]["name"]
    ]
    assert "nats/stream-dps.json" in generated["files"]
    # The Job's pod template is immutable: a hashed ConfigMap name would break re-applying.
    assert generated.get("options", {}).get("disableNameSuffixHash") is True


# --- the image ------------------------------------------------------------------------------


def test_the_dockerfile_builds_a_non_root_image_from_the_lock_file() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim$", text, re.M)
    assert "pip install -r requirements.lock" in text
    assert "pip install --no-deps ." in text
    assert text.count("FROM ") == 2, "a build stage and a runtime stage"
    runtime = text.rsplit("FROM ", 1)[1]
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    assert re.search(r"^USER 10001(:10001)?$", runtime, re.M)
    assert "--uid 10001" in runtime


# --- the real tool, when present ------------------------------------------------------------


def test_kustomize_renders_everything_into_the_namespace() -> None:
    kubectl = shutil.which("kubectl")
    if not kubectl:
        pytest.skip("kubectl not installed")
    result = subprocess.run(
        [kubectl, "kustomize", str(DEPLOY)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    rendered = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert len(rendered) == len(OBJECTS) + 1  # + the ConfigMap generated from stream-dps.json
    for obj in rendered:
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == NAMESPACE, obj["metadata"]["name"]
        assert obj["metadata"]["labels"]["app.kubernetes.io/part-of"] == "care-dps"
    images = {
        c["image"]
        for obj in rendered
        if obj["kind"] == "Deployment"
        for c in obj["spec"]["template"]["spec"]["containers"]
    }
    assert images == {IMAGE}
