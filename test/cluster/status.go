package cluster

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Status prints each process's state and readiness and the node's condition. It returns
// an error when anything is not running and ready.
func (c Config) Status(ctx context.Context, out io.Writer) error {
	notReady := 0
	apiReady := false
	for _, comp := range c.components() {
		pid, alive := c.running(comp.name, comp.binary)
		state := "stopped"
		if alive {
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := comp.probe(pctx)
			cancel()
			state = fmt.Sprintf("running (pid %d), ready", pid)
			if err != nil {
				state = fmt.Sprintf("running (pid %d), NOT ready: %v", pid, err)
			}
			if comp.name == compAPIServer {
				apiReady = err == nil
			}
			if err != nil {
				notReady++
			}
		} else {
			notReady++
		}
		fmt.Fprintf(out, "%-24s %s\n", comp.name, state)
	}
	if apiReady {
		node := "Ready"
		if err := c.nodeReady(ctx); err != nil {
			node = err.Error()
			notReady++
		}
		fmt.Fprintf(out, "%-24s %s\n", "node "+c.NodeName, node)
	}
	fmt.Fprintf(out, "%-24s %s\n%-24s %s\n", "kubeconfig", c.Kubeconfig(), "logs", c.path("logs"))
	if notReady > 0 {
		return fmt.Errorf("%d of the cluster's parts are not running and ready", notReady)
	}
	return nil
}
