package cluster

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// waitReady polls the component's probe until it passes. It fails at once, with the
// process's log, if the process dies meanwhile.
func (c Config) waitReady(ctx context.Context, comp component, timeout time.Duration) error {
	return c.poll(ctx, comp.name, comp.binary, timeout, comp.probe)
}

// poll runs check until it passes or timeout; name/binary identify the process whose death
// ends the wait early and whose log is shown on failure.
func (c Config) poll(ctx context.Context, name, binary string, timeout time.Duration, check func(context.Context) error) error {
	deadline := time.Now().Add(timeout)
	for {
		if _, alive := c.running(name, binary); !alive {
			return &StepError{Step: name, Err: c.exitedError(name), Log: c.logFile(name)}
		}
		err := check(ctx)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return &StepError{Step: name, Err: fmt.Errorf("not ready after %s: %w", timeout, err), Log: c.logFile(name)}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// nodeReady checks that this host's Node reports Ready.
func (c Config) nodeReady(ctx context.Context) error { return c.nodeReadySince(time.Time{})(ctx) }

// nodeReadySince checks that this host's Node reports Ready with a heartbeat no older than
// since: after a restart the Node still shows the Ready status the previous kubelet posted.
func (c Config) nodeReadySince(since time.Time) func(context.Context) error {
	// Heartbeats have second precision.
	since = since.Truncate(time.Second).Add(-time.Second)
	return func(ctx context.Context) error {
		return c.checkNodeReady(ctx, since)
	}
}

func (c Config) checkNodeReady(ctx context.Context, since time.Time) error {
	cs, err := c.clientset()
	if err != nil {
		return err
	}
	node, err := cs.CoreV1().Nodes().Get(ctx, c.NodeName, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("node %s: %w", c.NodeName, err)
	}
	for _, cond := range node.Status.Conditions {
		if cond.Type == corev1.NodeReady {
			if cond.LastHeartbeatTime.Time.Before(since) {
				return fmt.Errorf("node %s: no status from the new kubelet yet", c.NodeName)
			}
			if cond.Status == corev1.ConditionTrue {
				return nil
			}
			return fmt.Errorf("node %s not Ready: %s: %s", c.NodeName, cond.Reason, cond.Message)
		}
	}
	return fmt.Errorf("node %s has no Ready condition yet", c.NodeName)
}

// defaultServiceAccount checks the controller-manager has created default/default, which
// pods in the default namespace need before they can be created.
func (c Config) defaultServiceAccount(ctx context.Context) error {
	cs, err := c.clientset()
	if err != nil {
		return err
	}
	_, err = cs.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("no ServiceAccount default/default yet")
	}
	return err
}
