package bench

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// echoTemplate is a container template running `echo <arg>`.
func echoTemplate(name, arg string) v1alpha1.Template {
	t := v1alpha1.Template{Name: name, Container: &v1alpha1.ContainerTemplate{}}
	t.Container.Image = "alpine"
	t.Container.Command = []string{"echo", arg}
	return t
}

// SingleStepWorkflow is one container step, `echo hi`.
func SingleStepWorkflow(name string) *v1alpha1.Workflow {
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: name}}
	wf.Spec.Entrypoint = "main"
	wf.Spec.Templates = []v1alpha1.Template{echoTemplate("main", "hi")}
	return wf
}

// LayeredDAG is a DAG of tasks in layers of equal width; each task depends on the task at
// the same place in the layer before, and its pod prints "done <task>".
func LayeredDAG(name string, tasks, layers int) *v1alpha1.Workflow {
	width := tasks / layers
	dag := &v1alpha1.DAGTemplate{}
	for i := range tasks {
		task := v1alpha1.DAGTask{Name: fmt.Sprintf("t%d", i)}
		task.Template = "echo"
		task.Arguments.Parameters = []v1alpha1.Parameter{{Name: "msg", Value: v1alpha1.AnyStringPtr(task.Name)}}
		if i >= width {
			task.Depends = fmt.Sprintf("t%d", i-width)
		}
		dag.Tasks = append(dag.Tasks, task)
	}
	echo := echoTemplate("echo", "{{inputs.parameters.msg}}")
	echo.Inputs.Parameters = []v1alpha1.Parameter{{Name: "msg"}}
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: name}}
	wf.Spec.Entrypoint = "main"
	wf.Spec.Templates = []v1alpha1.Template{{Name: "main", DAG: dag}, echo}
	return wf
}
