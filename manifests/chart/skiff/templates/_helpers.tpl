{{/* Chart name. */}}
{{- define "skiff.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: the release name when it contains the chart name. */}}
{{- define "skiff.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "skiff.controller.name" -}}{{ include "skiff.fullname" . }}-controller{{- end }}
{{- define "skiff.webhook.name" -}}{{ include "skiff.fullname" . }}-webhook{{- end }}
{{- define "skiff.webhook.secretName" -}}{{ include "skiff.fullname" . }}-webhook-cert{{- end }}

{{/* Labels on every object. */}}
{{- define "skiff.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "skiff.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ include "skiff.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: skiff
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component: include with (list $ "controller"). */}}
{{- define "skiff.selectorLabels" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: {{ include "skiff.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* Labels of one component's objects. */}}
{{- define "skiff.componentLabels" -}}
{{ include "skiff.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "skiff.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "skiff.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "skiff.imageTag" .) }}
{{- end }}

{{/* Namespaces the controller watches in namespaced mode (JSON list). */}}
{{- define "skiff.watchNamespaces" -}}
{{- if not .Values.watchNamespaces }}{{ fail "namespaced mode needs watchNamespaces" }}{{ end }}
{{- toJson (uniq .Values.watchNamespaces) }}
{{- end }}

{{/*
Parses a multi-document YAML file (a string) into a JSON list of its non-empty documents;
use as: fromJsonArray (include "skiff.docs" ($.Files.Get "files/x.yaml")).
*/}}
{{- define "skiff.docs" -}}
{{- $out := list }}
{{- range $doc := regexSplit "(?m)^---[ \\t]*$" . -1 }}
{{- $obj := fromYaml $doc }}
{{- if hasKey $obj "Error" }}{{ fail (printf "cannot parse a generated manifest: %s" $obj.Error) }}{{ end }}
{{- if $obj }}{{ $out = append $out $obj }}{{ end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/* The restricted securityContext every container runs with. */}}
{{- define "skiff.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "skiff.podSecurityContext" -}}
runAsNonRoot: true
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The /metrics endpoint's container args (both binaries take the same flags). */}}
{{- define "skiff.metrics.args" -}}
- --metrics-bind-address=:{{ .Values.metrics.port }}
- --metrics-secure={{ .Values.metrics.secure }}
{{- if .Values.metrics.tls.secretName }}
- --metrics-cert-dir=/tmp/k8s-metrics-server/metrics-certs
{{- end }}
{{- end }}

{{/* The metrics certificate's volumeMount and volume (when metrics.tls.secretName is set). */}}
{{- define "skiff.metrics.volumeMount" -}}
- name: metrics-certs
  mountPath: /tmp/k8s-metrics-server/metrics-certs
  readOnly: true
{{- end }}

{{- define "skiff.metrics.volume" -}}
- name: metrics-certs
  secret:
    secretName: {{ .Values.metrics.tls.secretName }}
{{- end }}
