package workflow

import (
	"sort"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/types"
)

// lockManager holds the mutexes and semaphores of spec.synchronization and
// templates[].synchronization, in the controller's memory as upstream keeps its local locks.
// A holder is upstream's key: "<namespace>/<workflow>" for a workflow-level lock,
// "<namespace>/<workflow>/<nodeID>" for a template-level one. Waiters queue by priority, then
// creation time, then arrival (FIFO). Workflows mirror what they hold and wait for in
// status.synchronization, which rebuilds the manager when the controller restarts.
type lockManager struct {
	mu      sync.Mutex
	locks   map[string]*syncLock // by lock key, e.g. "ns/Mutex/name" or "ns/ConfigMap/name/key"
	seq     uint64               // arrival order of waiters
	buildMu sync.Mutex           // guards built
	built   bool                 // rebuilt from the workflows' status
	// wake enqueues a workflow that may now take a lock; called without mu held.
	wake func(types.NamespacedName)
}

type syncLock struct {
	key     string
	limit   int
	holders map[string]bool
	queue   []waiter // sorted: the front may take the free slots
}

type waiter struct {
	holder   string
	priority int32
	created  time.Time
	seq      uint64
}

// lockRequest is one lock a holder needs, with its current limit (1 for a mutex).
type lockRequest struct {
	key   string
	limit int
}

func newLockManager() *lockManager {
	return &lockManager{locks: map[string]*syncLock{}}
}

func (m *lockManager) lock(key string) *syncLock {
	l := m.locks[key]
	if l == nil {
		l = &syncLock{key: key, holders: map[string]bool{}}
		m.locks[key] = l
	}
	return l
}

// blocked describes the first lock a holder waits for: its key, free slots and limit.
type blocked struct {
	key         string
	free, limit int
}

// tryAcquire takes all of reqs for holder, or none (so a holder never sits on some locks
// while waiting for others). Not acquiring queues the holder on every lock it lacks.
func (m *lockManager) tryAcquire(holder string, priority int32, created time.Time, reqs []lockRequest) (bool, *blocked) {
	m.mu.Lock()
	var wake []string
	defer func() {
		m.mu.Unlock()
		m.wakeAll(wake)
	}()
	var first *blocked
	for _, r := range reqs {
		l := m.lock(r.key)
		if r.limit > l.limit && l.limit > 0 {
			wake = append(wake, l.wakeable(holder)...) // a raised limit frees slots
		}
		l.limit = r.limit
		if l.holders[holder] {
			continue
		}
		pos := l.enqueue(holder, priority, created, &m.seq)
		if free := l.limit - len(l.holders); pos >= free && first == nil {
			first = &blocked{key: l.key, free: max(free, 0), limit: l.limit}
		}
	}
	if first != nil {
		return false, first
	}
	for _, r := range reqs {
		l := m.locks[r.key]
		l.dequeue(holder)
		l.holders[holder] = true
	}
	return true, nil
}

// hold registers holder on keys regardless of the limits: a hold recorded in a workflow's
// status (after a restart) or a node already running is real and must not be given away.
func (m *lockManager) hold(holder string, keys ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		l := m.lock(k)
		l.dequeue(holder)
		l.holders[holder] = true
	}
}

// wait queues holder on key without trying to take it (a waiter recorded in status).
func (m *lockManager) wait(holder, key string, priority int32, created time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if l := m.lock(key); !l.holders[holder] {
		l.enqueue(holder, priority, created, &m.seq)
	}
}

// release drops holder (or, with prefix, every holder under "<prefix>/" and prefix itself)
// from all locks, held or waited for, and wakes the waiters that may now proceed.
func (m *lockManager) release(holder string, prefix bool) {
	match := func(h string) bool { return h == holder || (prefix && strings.HasPrefix(h, holder+"/")) }
	m.mu.Lock()
	var wake []string
	for _, l := range m.locks {
		changed := false
		for h := range l.holders {
			if match(h) {
				delete(l.holders, h)
				changed = true
			}
		}
		q := l.queue[:0]
		for _, w := range l.queue {
			if match(w.holder) {
				changed = true
				continue
			}
			q = append(q, w)
		}
		l.queue = q
		if changed {
			wake = append(wake, l.wakeable("")...)
		}
	}
	m.mu.Unlock()
	m.wakeAll(wake)
}

// waitersOf lists the workflows queued on locks whose key starts with prefix.
func (m *lockManager) waitersOf(prefix string) []types.NamespacedName {
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := map[types.NamespacedName]bool{}
	var out []types.NamespacedName
	for k, l := range m.locks {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		for _, w := range l.queue {
			if nn := workflowOfHolder(w.holder); !seen[nn] {
				seen[nn] = true
				out = append(out, nn)
			}
		}
	}
	return out
}

// waitedConfigMaps lists the ConfigMaps of the semaphores that have waiters.
func (m *lockManager) waitedConfigMaps() []types.NamespacedName {
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := map[types.NamespacedName]bool{}
	var out []types.NamespacedName
	for k, l := range m.locks {
		if cm, ok := configMapOfKey(k); ok && len(l.queue) > 0 && !seen[cm] {
			seen[cm] = true
			out = append(out, cm)
		}
	}
	return out
}

// lockView is what status.synchronization shows of one lock for one workflow.
type lockView struct {
	key     string
	holders []string // all holders of the lock, sorted
	mine    []string // this workflow's holders
	waiting bool     // this workflow queues on it
}

// viewOf reports the locks the workflow wfKey holds or waits for, sorted by key.
func (m *lockManager) viewOf(wfKey string) []lockView {
	m.mu.Lock()
	defer m.mu.Unlock()
	mine := func(h string) bool { return h == wfKey || strings.HasPrefix(h, wfKey+"/") }
	var out []lockView
	for k, l := range m.locks {
		v := lockView{key: k}
		for h := range l.holders {
			v.holders = append(v.holders, h)
			if mine(h) {
				v.mine = append(v.mine, h)
			}
		}
		for _, w := range l.queue {
			if mine(w.holder) {
				v.waiting = true
			}
		}
		if len(v.mine) > 0 || v.waiting {
			sort.Strings(v.holders)
			sort.Strings(v.mine)
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// enqueue adds holder in order (if not queued yet) and returns its position.
func (l *syncLock) enqueue(holder string, priority int32, created time.Time, seq *uint64) int {
	for i, w := range l.queue {
		if w.holder == holder {
			return i
		}
	}
	*seq++
	w := waiter{holder: holder, priority: priority, created: created, seq: *seq}
	i := sort.Search(len(l.queue), func(i int) bool { return w.before(l.queue[i]) })
	l.queue = append(l.queue, waiter{})
	copy(l.queue[i+1:], l.queue[i:])
	l.queue[i] = w
	return i
}

func (w waiter) before(o waiter) bool {
	if w.priority != o.priority {
		return w.priority > o.priority
	}
	if !w.created.Equal(o.created) {
		return w.created.Before(o.created)
	}
	return w.seq < o.seq
}

func (l *syncLock) dequeue(holder string) {
	for i, w := range l.queue {
		if w.holder == holder {
			l.queue = append(l.queue[:i], l.queue[i+1:]...)
			return
		}
	}
}

// wakeable lists the waiters (but except) that fit in the free slots.
func (l *syncLock) wakeable(except string) []string {
	var out []string
	for i := 0; i < len(l.queue) && i < l.limit-len(l.holders); i++ {
		if h := l.queue[i].holder; h != except {
			out = append(out, h)
		}
	}
	return out
}

func (m *lockManager) wakeAll(holders []string) {
	if m.wake == nil {
		return
	}
	seen := map[types.NamespacedName]bool{}
	for _, h := range holders {
		if nn := workflowOfHolder(h); !seen[nn] {
			seen[nn] = true
			m.wake(nn)
		}
	}
}

// workflowOfHolder is the workflow of a holder key "<ns>/<name>[/<nodeID>]".
func workflowOfHolder(h string) types.NamespacedName {
	parts := strings.SplitN(h, "/", 3)
	if len(parts) < 2 {
		return types.NamespacedName{Name: h}
	}
	return types.NamespacedName{Namespace: parts[0], Name: parts[1]}
}
