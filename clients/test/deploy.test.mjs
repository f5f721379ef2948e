// deploy/ checked offline (ctest deploy.manifests, or npm run test:deploy):
// every object of deploy/k8s/*.yaml against the Kubernetes API schemas of
// the npm package kubernetes-models (apps/v1, v1, autoscaling/v2, policy/v1),
// the objects against each other (selectors, ports, probes, Secret, volume,
// HPA target), and deploy/compose.yaml against them (the same probes and
// port, Redis with its append-only file, nginx in front of both replicas).
// Nothing is fetched: the schemas are in node_modules.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { PersistentVolumeClaim, Secret, Service } from "kubernetes-models/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEPLOY = join(ROOT, "deploy");
const MODELS = {
  "apps/v1 Deployment": Deployment,
  "apps/v1 StatefulSet": StatefulSet,
  "v1 Service": Service,
  "v1 Secret": Secret,
  "v1 PersistentVolumeClaim": PersistentVolumeClaim,
  "autoscaling/v2 HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1 PodDisruptionBudget": PodDisruptionBudget,
};

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`PASS ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// every object of deploy/k8s, with the file it came from
const objects = [];
for (const f of readdirSync(join(DEPLOY, "k8s")).filter((n) => n.endsWith(".yaml")).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(DEPLOY, "k8s", f), "utf8"))) {
    if (doc.errors.length) throw new Error(`${f}: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj) objects.push({ file: f, obj });
  }
}
const find = (kind, name) => objects.map((o) => o.obj).find((o) => o.kind === kind && o.metadata.name === name);

for (const { file, obj } of objects) {
  check(`${file}: ${obj.kind} ${obj.metadata?.name} is a valid ${obj.apiVersion} object`, () => {
    const Model = MODELS[`${obj.apiVersion} ${obj.kind}`];
    assert(Model, `no schema for ${obj.apiVersion} ${obj.kind}`);
    new Model(obj).validate(); // throws with the schema's complaint
  });
}

const dep = find("Deployment", "pystd");
const pod = dep?.spec.template.spec;
const ctr = pod?.containers.find((c) => c.name === "pystd");
const httpPort = ctr?.ports.find((p) => p.name === "http");
const env = Object.fromEntries((ctr?.env ?? []).map((e) => [e.name, e]));

check("the Deployment's probes: readiness GET /readyz, liveness GET /healthz, on its http port", () => {
  assert(ctr, "no pystd container");
  assert(ctr.readinessProbe?.httpGet?.path === "/readyz", "readinessProbe is not GET /readyz");
  assert(ctr.livenessProbe?.httpGet?.path === "/healthz", "livenessProbe is not GET /healthz");
  for (const p of [ctr.readinessProbe, ctr.livenessProbe])
    assert(p.httpGet.port === "http" || p.httpGet.port === httpPort.containerPort, "probe on another port");
  assert(String(httpPort.containerPort) === env.PYSTD_PORT?.value, "PYSTD_PORT is not the container port");
});

check("the Redis address comes from a Secret that exists", () => {
  const ref = env.PYSTD_JOBS_BACKEND?.valueFrom?.secretKeyRef;
  assert(ref, "PYSTD_JOBS_BACKEND is not from a secretKeyRef");
  const sec = find("Secret", ref.name);
  assert(sec, `no Secret ${ref.name}`);
  const url = (sec.stringData ?? {})[ref.key];
  assert(url && url.startsWith("redis://"), `Secret ${ref.name} has no redis:// ${ref.key}`);
});

check("the token file (--auth-file) is a Secret's key, mounted read-only where PYSTD_AUTH_FILE says", () => {
  const file = env.PYSTD_AUTH_FILE?.value;
  assert(file && file.startsWith("/"), "no PYSTD_AUTH_FILE");
  const mount = ctr.volumeMounts.find((m) => file.startsWith(m.mountPath + "/"));
  assert(mount && mount.readOnly === true, `no read-only mount holds ${file}`);
  const vol = pod.volumes.find((v) => v.name === mount.name);
  assert(vol?.secret?.secretName, `${mount.name} is not a Secret volume`);
  const sec = find("Secret", vol.secret.secretName);
  assert(sec, `no Secret ${vol.secret.secretName}`);
  const key = file.slice(mount.mountPath.length + 1);
  const text = (sec.stringData ?? {})[key];
  assert(text, `Secret ${sec.metadata.name} has no key ${key}`);
  // the lines pystd's --auth-file parser takes (server/auth_file.c): name:scopes:sha256-hex
  const SCOPES = new Set(["compute", "fs.read", "fs.write", "net", "jobs", "metrics", "*"]);
  for (const line of text.split("\n").filter((l) => l.trim() && !l.startsWith("#"))) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63}):([^:]*):([0-9a-f]{64})$/.exec(line);
    assert(m, `not a token line: ${line}`);
    for (const sc of m[2].split(",").filter(Boolean)) assert(SCOPES.has(sc), `unknown scope ${sc}`);
  }
  const mode = vol.secret.defaultMode ?? 0o644;
  assert((mode & 0o004) === 0, "the token file is readable by every user of the pod");
  // a Secret volume's files belong to the pod's fsGroup: pystd reads it through its group
  assert((mode & 0o040) !== 0 && pod.securityContext?.fsGroup === pod.securityContext?.runAsGroup,
         "pystd's group cannot read the token file");
});

check("the file store is one ReadWriteMany claim mounted at PYSTD_DATA_DIR", () => {
  const vol = pod.volumes.find((v) => v.persistentVolumeClaim);
  const pvc = find("PersistentVolumeClaim", vol.persistentVolumeClaim.claimName);
  assert(pvc, "no such claim");
  assert(pvc.spec.accessModes.includes("ReadWriteMany"), "the claim is not ReadWriteMany");
  const mount = ctr.volumeMounts.find((m) => m.name === vol.name);
  assert(mount && mount.mountPath === env.PYSTD_DATA_DIR?.value, "not mounted at PYSTD_DATA_DIR");
});

check("Service, HPA and PDB point at the Deployment's pods", () => {
  const labels = dep.spec.template.metadata.labels;
  const matches = (sel) => Object.entries(sel).every(([k, v]) => labels[k] === v);
  const svc = find("Service", "pystd");
  assert(matches(svc.spec.selector), "the Service selects other pods");
  assert(svc.spec.ports.some((p) => p.targetPort === "http" || p.targetPort === httpPort.containerPort), "Service port");
  const hpa = objects.map((o) => o.obj).find((o) => o.kind === "HorizontalPodAutoscaler");
  assert(hpa.spec.scaleTargetRef.kind === "Deployment" && hpa.spec.scaleTargetRef.name === dep.metadata.name, "HPA target");
  assert(hpa.spec.metrics.some((m) => m.resource?.name === "cpu"), "the HPA does not scale on CPU");
  assert(ctr.resources?.requests?.cpu, "no CPU request: the HPA has nothing to compare with");
  const pdb = objects.map((o) => o.obj).find((o) => o.kind === "PodDisruptionBudget");
  assert(matches(pdb.spec.selector.matchLabels), "the PDB selects other pods");
  assert(hpa.spec.minReplicas > pdb.spec.minAvailable, "the PDB would block every eviction at the minimum");
  assert(pod.terminationGracePeriodSeconds > 8, "no room for --grace (8 s)");
});

// compose
const compose = parse(readFileSync(join(DEPLOY, "compose.yaml"), "utf8"));
const svcs = compose.services;
const replicas = Object.entries(svcs).filter(([, s]) => (s.environment ?? {}).PYSTD_JOBS_BACKEND);

check("compose: Redis keeps an append-only file on a volume", () => {
  const r = svcs.redis;
  assert(r.command.join(" ").includes("--appendonly yes"), "no --appendonly yes");
  assert((r.volumes ?? []).some((v) => v.endsWith(":/data")), "no volume for /data");
});

check("compose: two replicas on Redis, ready by /readyz on the Deployment's port, sharing /data", () => {
  assert(replicas.length === 2, `${replicas.length} replicas`);
  for (const [name, s] of replicas) {
    assert(s.environment.PYSTD_JOBS_BACKEND.startsWith("redis://redis:"), `${name}: not on the redis service`);
    assert(s.environment.PYSTD_PORT === String(httpPort.containerPort), `${name}: port differs from the Deployment's`);
    assert((s.expose ?? []).map(String).includes(s.environment.PYSTD_PORT), `${name}: port not exposed`);
    // --check-ready is GET /readyz (server/main.c), the readinessProbe's path
    assert(s.healthcheck.test.includes("--check-ready"), `${name}: healthcheck is not the readiness check`);
    assert(s.volumes.includes(`pystd-data:${s.environment.PYSTD_DATA_DIR}`), `${name}: not on the shared volume`);
    assert(s.depends_on?.redis?.condition === "service_healthy", `${name}: starts before Redis`);
  }
});

check("compose: nginx balances both replicas on that port and waits until they are ready", () => {
  const conf = readFileSync(join(DEPLOY, "nginx.conf"), "utf8");
  for (const [name, s] of replicas) {
    assert(conf.includes(`server ${name}:${s.environment.PYSTD_PORT}`), `nginx.conf has no upstream ${name}`);
    assert(svcs.nginx.depends_on[name]?.condition === "service_healthy", `nginx does not wait for ${name}`);
  }
  assert(/proxy_buffering off/.test(conf), "event streams would be buffered");
  assert(/proxy_read_timeout\s+(\d+)s/.exec(conf)?.[1] > 60, "long-polls (60 s) would be cut");
  assert(svcs.nginx.ports.length > 0, "nginx publishes no port");
});

check("compose: nginx forwards the client's address and the replicas, which publish no port, trust it", () => {
  const conf = readFileSync(join(DEPLOY, "nginx.conf"), "utf8");
  assert(/proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/.test(conf), "no X-Forwarded-For");
  for (const [name, s] of replicas) {
    assert(s.environment.PYSTD_TRUSTED_PROXIES, `${name}: no PYSTD_TRUSTED_PROXIES`);
    assert(!s.ports, `${name} publishes a port: clients could forge X-Forwarded-For`);
  }
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
