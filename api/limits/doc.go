// Package limits bounds user text before any parser sees it. Every expression, condition,
// template tag and cron schedule a user writes is checked here first, so that no input can
// exhaust the stack (a fatal error that recover() cannot catch), the memory or the time of
// the webhook, the controller or `kubectl wf lint`.
//
// The limits, generous for real use (the longest expression in the upstream Argo corpus is
// under 200 characters and nests 3 levels deep):
//
//   - MaxExpressionLength, 10240 characters: one expression or condition as written — a
//     {{=...}} or {{...}} tag's content, a when, a DAG depends, an AnalysisTemplate
//     success/failureCondition, a Sensor trigger's conditions, an event filter expression,
//     a retryStrategy, hook or stopStrategy expression.
//   - MaxEvaluatedLength, 1048576 characters: an expression after the controller filled in
//     its {{...}} tags (a when comparing a step's output; a step's outputs are at most 1 MiB
//     together), just before it is evaluated.
//   - MaxDepth, 64 levels: how deeply an expression nests. Each bracket (), [] or {} outside
//     a string literal is a level, and so is each prefix operator of a run (! - + not) and
//     each let or if, because expr-lang's parser recurses on these without bound; template
//     tags nested in tags ({{a-{{b}}}}) count the same way.
//   - MaxScheduleLength, 1024 characters: one cron schedule (CronWorkflow schedules, Argo
//     CD sync windows, Sensor conditionsReset, calendar EventSources).
//
// A value over a limit is refused with an error naming the limit, e.g. "is 600003
// characters long, more than the 10240 allowed for an expression" or "nests 600000 levels
// deep, more than the 64 allowed": a field error at admission and in lint, a node or
// workflow error message in the controller.
package limits
