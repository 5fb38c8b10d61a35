package limitstest

import "strings"

// The inputs that killed the webhook, the controller and `kubectl wf lint` before api/limits
// (a fatal stack overflow, or seconds of CPU and hundreds of MB): regression tests at every
// level send them.

// ExprTag is a Workflow string holding {{= followed by 600,000 '[' (expr-lang's parser).
func ExprTag() string { return "{{=" + strings.Repeat("[", 600000) + "}}" }

// Condition is an AnalysisTemplate successCondition or event filter of 600,000 open
// brackets, '[' or '('.
func Condition(open string) string { return strings.Repeat(open, 600000) }

// SensorConditions is a Sensor trigger's conditions of n '(' (the crash took ~3,000,000; a
// request through kube-apiserver must stay under its 3 MiB body limit).
func SensorConditions(n int) string { return strings.Repeat("(", n) }

// Depends is a DAG depends of 1,000,000 unclosed '(' (3-5 s and 430 MB before).
func Depends() string { return strings.Repeat("(", 1000000) }
