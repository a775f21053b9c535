package fake

import (
	"bytes"
	"encoding/json"
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

// bodyName is the FaultSpec word for b.
func bodyName(b Body) string {
	for name, v := range bodyNames {
		if v == b && name != "" {
			return name
		}
	}
	return strconv.Itoa(int(b))
}

// UnmarshalJSON reads a FaultSpec as scripts write it: status as a number or a
// numeric string ("503"), retry_after as a string or a whole number of
// seconds (1). Unknown keys are refused.
func (f *FaultSpec) UnmarshalJSON(b []byte) error {
	type plain FaultSpec
	var in struct {
		plain
		Status     json.RawMessage `json:"status,omitempty"`
		RetryAfter json.RawMessage `json:"retry_after,omitempty"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return err
	}
	out := FaultSpec(in.plain)
	if len(in.Status) > 0 && string(in.Status) != "null" {
		var s string
		if json.Unmarshal(in.Status, &s) != nil {
			s = string(in.Status)
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("status %s is not a whole number like 503", in.Status)
		}
		out.Status = n
	}
	if len(in.RetryAfter) > 0 {
		if json.Unmarshal(in.RetryAfter, &out.RetryAfter) != nil {
			var n uint32
			if err := json.Unmarshal(in.RetryAfter, &n); err != nil {
				return fmt.Errorf("retry_after %s is not a string or a whole number of seconds", in.RetryAfter)
			}
			out.RetryAfter = strconv.FormatUint(uint64(n), 10)
		}
	}
	*f = out
	return nil
}

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
