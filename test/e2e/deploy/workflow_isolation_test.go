//go:build e2e

package deploy

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// probeWorkflow: make's script looks for the artifact repository's keys everywhere a step
// can look (its env, every /proc/*/environ it can see, /proc/1/environ, every file under
// /var/run/skiff and every other mounted path, the service account's directory) and prints
// all it finds to standard error; its input and output artifacts go through S3 meanwhile,
// and show reads the output back.
const probeWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-secret-probe}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: seed, template: seed}
    - - name: probe
        template: probe
        arguments: {artifacts: [{name: seed, from: "{{steps.seed.outputs.artifacts.seed}}"}]}
    - - name: show
        template: show
        arguments: {artifacts: [{name: loot, from: "{{steps.probe.outputs.artifacts.loot}}"}]}
  - name: seed
    container: {image: BUSYBOX, command: [sh, -c, "echo seeded > /tmp/seed.txt"]}
    outputs: {artifacts: [{name: seed, path: /tmp/seed.txt}]}
  - name: probe
    inputs: {artifacts: [{name: seed, path: /tmp/in/seed.txt}]}
    outputs: {artifacts: [{name: loot, path: /tmp/loot.txt}]}
    script:
      image: BUSYBOX
      command: [sh]
      source: |
        exec 3>&1 1>&2
        dump() { echo "=== $1"; if [ -f "$1" ]; then tr '\0' '\n' < "$1" | head -c 200000; echo; fi; }
        echo "=== env"; env
        for f in /proc/[0-9]*/environ /proc/1/environ; do dump "$f"; done
        echo "=== processes: $(ls -d /proc/[0-9]* | wc -l)"
        find /var/run/skiff -type f ! -name skiff-exec | while read -r f; do dump "$f"; done
        for m in $(awk '{print $2}' /proc/self/mounts | sort -u); do
          case "$m" in /|/proc|/proc/*|/sys|/sys/*|/dev|/dev/pts|/dev/mqueue|/dev/shm) continue;; esac
          find "$m" -xdev -type f ! -name skiff-exec 2>/dev/null | head -200 | while read -r f; do dump "$f"; done
        done
        for f in /var/run/secrets/kubernetes.io/serviceaccount/*; do dump "$f"; done
        cat /tmp/in/seed.txt
        echo "probe was here; seed: $(cat /tmp/in/seed.txt)" > /tmp/loot.txt
        echo probed >&3
  - name: show
    inputs: {artifacts: [{name: loot, path: /tmp/loot.txt}]}
    container: {image: BUSYBOX, command: [cat, /tmp/loot.txt]}
`

// restrictedWorkflow runs in a namespace that enforces the restricted Pod Security level:
// its own containers pass it, and Skiff's injected ones must too; an artifact goes through
// S3 between its steps.
const restrictedWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-restricted}
spec:
  entrypoint: main
  securityContext: {runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: {type: RuntimeDefault}}
  templates:
  - name: main
    steps:
    - - {name: make, template: make}
    - - name: use
        template: use
        arguments: {artifacts: [{name: m, from: "{{steps.make.outputs.artifacts.m}}"}]}
  - name: make
    container:
      image: BUSYBOX
      command: [sh, -c, "echo restricted payload > /tmp/m.txt"]
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
    outputs: {artifacts: [{name: m, path: /tmp/m.txt}]}
  - name: use
    inputs: {artifacts: [{name: m, path: /tmp/m.txt}]}
    script:
      image: BUSYBOX
      command: [sh]
      source: "cat /tmp/m.txt"
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`

// largeOutputWorkflow: gen prints a JSON list of 2,000 items (about 200 KiB, far past a
// termination message) that a withParam fans out over, 50 pods at a time. The pods share the
// node's network (hostNetwork): 2,000 pod network namespaces and bridge setups would cost the
// one-node cluster most of the scenario's time without testing anything Skiff does.
const largeOutputWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-large-output}
spec:
  entrypoint: main
  parallelism: 50
  hostNetwork: true
  podGC: {strategy: OnPodSuccess}
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
    - - name: fan
        template: noop
        arguments: {parameters: [{name: item, value: "{{item}}"}]}
        withParam: "{{steps.gen.outputs.result}}"
  - name: gen
    script:
      image: BUSYBOX
      command: [sh]
      source: |
        pad=$(printf '%090d' 0)
        i=0; printf '['
        while [ $i -lt 2000 ]; do [ $i -gt 0 ] && printf ','; printf '"item-%04d-%s"' $i "$pad"; i=$((i+1)); done
        printf ']\n'
  - name: noop
    inputs: {parameters: [{name: item}]}
    container: {image: BUSYBOX, command: ["true"]}
`

// checkIsolationScenarios runs the secret probe and the restricted-namespace workflow
// against one S3 server, each in a namespace of its own.
func checkIsolationScenarios(t *testing.T, c wfCLI) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Minute)
	t.Cleanup(cancel)
	kc := kubeClient(t)
	const bucket = "skiff-e2e-isolation"
	srv := startS3(ctx, t, kc, bucket)

	t.Run("secret-probe", func(t *testing.T) {
		t.Parallel()
		pc := c
		pc.ns = c.ns + "-probe"
		scenarioNamespace(ctx, t, kc, pc.ns, nil)
		useArtifactRepo(ctx, t, kc, pc.ns, srv, bucket)
		s := pc.runFor(t, "sc-secret-probe", probeWorkflow, "Succeeded", 8*time.Minute)
		logs := pc.logs(t, "sc-secret-probe")
		for what, key := range map[string]string{"access key": srv.AccessKey, "secret key": srv.SecretKey} {
			if strings.Contains(logs, key) {
				t.Errorf("the step found the %s (%q) in its pod; logs:\n%s", what, key, logs)
			}
		}
		// The probe really looked: its own env, the executor's environ, the shared volume.
		for _, seen := range []string{"=== env", "SKIFF_TEMPLATE=", "=== /proc/1/environ", "/var/run/skiff/inputs/seed", "seeded", "probe was here; seed: seeded"} {
			if !strings.Contains(logs, seen) {
				t.Errorf("the probe's output lacks %q: it did not look where it should", seen)
			}
		}
		t.Logf("the probe printed %d bytes of env, environ and files; neither key among them", len(logs))
		if p := s.one(t, "probe"); p.Outputs == nil || p.Outputs.Result == nil || *p.Outputs.Result != "probed" {
			t.Errorf("probe outputs = %+v", p.Outputs)
		}
		mc, err := srv.Client()
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for obj := range mc.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: "sc-secret-probe/", Recursive: true}) {
			keys = append(keys, obj.Key)
		}
		if len(keys) != 2 {
			t.Errorf("bucket holds %v, want seed's and probe's artifacts", keys)
		}
	})

	t.Run("restricted-namespace", func(t *testing.T) {
		t.Parallel()
		rc := c
		rc.ns = c.ns + "-restricted"
		scenarioNamespace(ctx, t, kc, rc.ns, map[string]string{
			"pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest"})
		useArtifactRepo(ctx, t, kc, rc.ns, srv, bucket)
		s := rc.runFor(t, "sc-restricted", restrictedWorkflow, "Succeeded", 8*time.Minute)
		if u := s.one(t, "use"); u.Outputs == nil || u.Outputs.Result == nil || *u.Outputs.Result != "restricted payload" {
			t.Errorf("use outputs = %+v, want the artifact's content", u.Outputs)
		}
	})
}

// checkLargeOutputScenario: a step printing a ~200 KiB JSON list of 2,000 items (far past a
// termination message) feeds a withParam whose 2,000 items all run. It runs after the parallel
// group: 2,000 pods would otherwise starve the other scenarios' waits on the 2-core node.
func checkLargeOutputScenario(t *testing.T, c wfCLI) {
	start := time.Now()
	s := c.runFor(t, "sc-large-output", largeOutputWorkflow, "Succeeded", 45*time.Minute)
	elapsed := time.Since(start).Round(time.Second)
	gen := s.one(t, "gen")
	if gen.Outputs == nil || gen.Outputs.Result == nil {
		t.Fatalf("gen has no result: %+v", gen)
	}
	ran := 0
	for _, p := range s.pods() {
		if p.TemplateName == "noop" && p.Phase == "Succeeded" {
			ran++
		}
	}
	if ran != 2000 {
		t.Errorf("%d of the 2000 items ran", ran)
	}
	t.Logf("gen's result: %d bytes (%s); 2000-item withParam with parallelism 50: %d pods Succeeded in %s",
		len(*gen.Outputs.Result), fmt.Sprintf("%.0f KiB", float64(len(*gen.Outputs.Result))/1024), ran, elapsed)
}

// runFor is run with a longer wait: these scenarios move artifacts through S3 or run 2,000
// pods on a small node.
func (c wfCLI) runFor(t *testing.T, name, doc, phase string, timeout time.Duration) *wfStatus {
	t.Helper()
	c.submit(t, name, doc)
	if out, err := c.cmd("wait", "-n", c.ns, name, "--timeout", timeout.String()); err != nil {
		t.Logf("kubectl wf wait %s: %v\n%s", name, err, out)
	}
	s := c.status(t, name)
	wantPhase(t, s, name, phase)
	return s
}
