package fake

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultHeader scripts a fault for the one request that carries it, from any
// HTTP client: "status=503;retry-after=1", "delay=200ms;drop=after",
// "body=html". Keys are those of FaultSpec. It takes precedence over the
// queued Faults, which it leaves untouched.
const FaultHeader = "X-Multipay-Fault"

// Bounds of a FaultSpec: what a provider can answer and what a script can
// mean. A longer delay or more uses would only park requests or overflow the
// pending count.
const (
	MaxFaultDelay  = 60 * time.Second
	MaxFaultTimes  = 1_000_000
	MinFaultStatus = 400 // a status fault sends the provider's error body, which only an error status carries
	MaxFaultStatus = 599
)

// FaultSpec is a Fault in the words a script uses, for FaultHeader and the
// control endpoint (see ControlHandler). Drop is "before" or "after"; Body is
// "truncated", "malformed", "html", "empty" or "huge"; Delay is a Go duration
// ("250ms") up to MaxFaultDelay; Status is MinFaultStatus to MaxFaultStatus;
// Times is 0 (once) to MaxFaultTimes.
type FaultSpec struct {
	Operation  string `json:"operation,omitempty"`
	Times      int    `json:"times,omitempty"`
	Delay      string `json:"delay,omitempty"`
	Status     int    `json:"status,omitempty"`
	RetryAfter string `json:"retry_after,omitempty"`
	Drop       string `json:"drop,omitempty"`
	Body       string `json:"body,omitempty"`
}

var (
	dropNames = map[string]Drop{"": NoDrop, "before": DropBefore, "after": DropAfter}
	bodyNames = map[string]Body{"": NormalBody, "truncated": TruncatedBody, "malformed": MalformedJSON,
		"html": HTMLPage, "empty": EmptyBody, "huge": HugeBody}
)

// Fault converts the spec, refusing unknown words.
func (f FaultSpec) Fault() (Fault, error) {
	out := Fault{Operation: f.Operation, Times: f.Times, Status: f.Status, RetryAfter: f.RetryAfter}
	if f.Status != 0 && (f.Status < MinFaultStatus || f.Status > MaxFaultStatus) {
		return Fault{}, fmt.Errorf("status %d is not an error status from %d to %d", f.Status, MinFaultStatus, MaxFaultStatus)
	}
	if f.Times < 0 || f.Times > MaxFaultTimes {
		return Fault{}, fmt.Errorf("times %d is not from 0 to %d", f.Times, MaxFaultTimes)
	}
	if f.Delay != "" {
		d, err := time.ParseDuration(f.Delay)
		if err != nil || d < 0 || d > MaxFaultDelay {
			return Fault{}, fmt.Errorf("delay %q is not a duration from 0 to %s like 250ms", f.Delay, MaxFaultDelay)
		}
		out.Delay = d
	}
	var ok bool
	if out.Drop, ok = dropNames[f.Drop]; !ok {
		return Fault{}, fmt.Errorf("drop %q is not before or after", f.Drop)
	}
	if out.Body, ok = bodyNames[f.Body]; !ok {
		return Fault{}, fmt.Errorf("body %q is not truncated, malformed, html, empty or huge", f.Body)
	}
	return out, nil
}

// ParseFaultHeader reads a FaultHeader value: key=value pairs separated by
// semicolons.
func ParseFaultHeader(v string) (Fault, error) {
	var f FaultSpec
	for part := range strings.SplitSeq(v, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, _ := strings.Cut(part, "=")
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		if err := f.set(key, val); err != nil {
			return Fault{}, err
		}
	}
	return f.Fault()
}

func (f *FaultSpec) set(key, val string) error {
	var err error
	switch key {
	case "status":
		f.Status, err = strconv.Atoi(val)
	case "retry-after", "retry_after":
		f.RetryAfter = val
	case "delay":
		f.Delay = val
	case "drop":
		f.Drop = val
	case "body":
		f.Body = val
	default:
		return fmt.Errorf("unknown key %q (have status, retry-after, delay, drop, body)", key)
	}
	if err != nil {
		return fmt.Errorf("%s %q is not a number", key, val)
	}
	return nil
}

// headerFault returns the fault r asks for in FaultHeader, if any.
func headerFault(r *http.Request) (Fault, bool, error) {
	v := r.Header.Get(FaultHeader)
	if v == "" {
		return Fault{}, false, nil
	}
	f, err := ParseFaultHeader(v)
	return f, err == nil, err
}
