package perf

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// pagesEnv, when set, makes the test binary a paging server: it names a file
// holding a pageSpec.
const pagesEnv = "MULTIPAY_PERF_PAGES"

// pageSpec describes a synthetic listing of Total customers, each the
// template with the end of its id and of its phone number replaced by its
// index, zero-padded: every customer has an id of its own (an unpadded index
// let "…7"+"3" and "…"+"73" collide when the template id ended in digits)
// and a phone number the client has not converted before, as in a real
// listing.
type pageSpec struct {
	Provider string
	Path     string
	Template json.RawMessage
	ID       string
	Phone    string // the template's phone text, "" when it has none
	Total    int
}

// withIndex is s with its last digits replaced by i, zero-padded to the
// width of the largest index.
func (p *pageSpec) withIndex(s string, i int) string {
	digits := fmt.Sprintf("%0*d", len(strconv.Itoa(p.Total-1)), i)
	return s[:len(s)-len(digits)] + digits
}

// page renders the page that starts at index start.
func (p *pageSpec) page(start, size int) []byte {
	end := min(start+size, p.Total)
	var b bytes.Buffer
	items := func(key string) {
		b.WriteString(`"` + key + `":[`)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteByte(',')
			}
			item := bytes.Replace(p.Template, []byte(`"`+p.ID+`"`), []byte(`"`+p.withIndex(p.ID, i)+`"`), 1)
			if p.Phone != "" {
				item = bytes.Replace(item, []byte(`"`+p.Phone+`"`), []byte(`"`+p.withIndex(p.Phone, i)+`"`), 1)
			}
			b.Write(item)
		}
		b.WriteString(`]`)
	}
	b.WriteByte('{')
	switch p.Provider {
	case "hitpay":
		items("data")
		next := "null"
		if end < p.Total {
			next = `"` + strconv.Itoa(end) + `"`
		}
		fmt.Fprintf(&b, `,"links":{"first":null,"last":null,"next":null,"prev":null},"meta":{"path":"/v1/customers","per_page":%d,"next_cursor":%s,"prev_cursor":null}`, size, next)
	case "notchpay":
		last := (p.Total + size - 1) / size
		fmt.Fprintf(&b, `"code":200,"status":"OK","message":"Customers retrieved","current_page":%d,"last_page":%d,"totals":%d,"selected":%d,`, start/size+1, last, p.Total, end-start)
		items("items")
	case "useepay":
		fmt.Fprintf(&b, `"has_more":%t,`, end < p.Total)
		items("items")
	}
	b.WriteByte('}')
	return b.Bytes()
}

// serve answers the provider's list requests.
func (p *pageSpec) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var start, size int
	switch p.Provider {
	case "hitpay":
		start, _ = strconv.Atoi(q.Get("cursor"))
		size, _ = strconv.Atoi(q.Get("per_page"))
	case "notchpay":
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ = strconv.Atoi(q.Get("limit"))
		start = (max(page, 1) - 1) * size
	case "useepay":
		page, _ := strconv.Atoi(q.Get("page_num"))
		size, _ = strconv.Atoi(q.Get("page_size"))
		start = page * size
	}
	if size <= 0 {
		size = 10
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(p.page(start, size))
}

func servePages(path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var p pageSpec
	if err := json.Unmarshal(raw, &p); err != nil {
		panic(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: &p}
	go func() { _ = srv.Serve(ln) }()
	fmt.Printf("http://%s\n", ln.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
}

// rawPaging is the hand-written walk over every page.
func rawPaging(b *testing.B, client *http.Client, base string, spec *pageSpec, header map[string]string, size int) int {
	n := 0
	cursor := ""
	for page := 0; ; page++ {
		url := base + spec.Path + "?"
		switch spec.Provider {
		case "hitpay":
			url += "per_page=" + strconv.Itoa(size)
			if cursor != "" {
				url += "&cursor=" + cursor
			}
		case "notchpay":
			url += "limit=" + strconv.Itoa(size) + "&page=" + strconv.Itoa(page+1)
		case "useepay":
			url += "page_num=" + strconv.Itoa(page) + "&page_size=" + strconv.Itoa(size)
		}
		c := &rawCall{client: client, method: http.MethodGet, url: url, header: header, status: 200}
		more := false
		switch spec.Provider {
		case "hitpay":
			var l hitpayList
			c.newDest = func() any { return &l }
			c.do(b)
			n += len(l.Data)
			if l.Meta.NextCursor != nil {
				cursor, more = *l.Meta.NextCursor, true
			}
		case "notchpay":
			var l notchpayList
			c.newDest = func() any { return &l }
			c.do(b)
			n += len(l.Items)
			more = l.CurrentPage < l.LastPage
		case "useepay":
			var l useepayList
			c.newDest = func() any { return &l }
			c.do(b)
			n += len(l.Items)
			more = l.HasMore
		}
		if !more {
			return n
		}
	}
}

// BenchmarkPaging lists 10,000 and 100,000 customers per paging scheme
// (HitPay cursors, Notch Pay page numbers, UseePay page_num/has_more; Soap
// has no listing), 100 a page, from a server in another process, and
// reports the CPU time and allocations per customer and the live heap seen
// during the walk (sampled after a GC every 10,000 customers). Each call of
// a sub-benchmark walks once whatever b.N is (run it with -benchtime 1x):
// read the per-customer metrics, not ns/op.
//
//	go test -run '^$' -bench Paging -benchtime 1x ./pkg/internal/perf/
func BenchmarkPaging(b *testing.B) {
	const size = 100
	for _, provider := range []string{"hitpay", "notchpay", "useepay"} {
		c := capture(b, provider)
		list := c.Ops["list"]
		items := rawItemsOf(b, provider, list.Answer)
		spec := pageSpec{Provider: provider, Path: list.Path, Template: items.template, ID: items.id, Phone: items.phone}
		creds := fake.DefaultCredentials(provider)
		for _, total := range []int{10_000, 100_000} {
			spec.Total = total
			base := startChild(b, pagesEnv, spec)
			client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
			svc := connect(b, provider, base, creds, customers.WithHTTPClient(client))
			key := fmt.Sprintf("paging/%s/%dk", provider, total/1000)
			b.Run(key+"/raw", func(b *testing.B) {
				m := startMeter()
				if n := rawPaging(b, client, base, &spec, list.Header, size); n != total {
					b.Fatalf("listed %d", n)
				}
				r := m.stopAfter(b, 1)
				perCustomer(b, r, total)
				record(key, "raw", r)
			})
			b.Run(key+"/facade", func(b *testing.B) {
				m := startMeter()
				n := 0
				for _, err := range svc.List(context.Background(), &customers.ListParams{PageSize: size}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != total {
					b.Fatalf("listed %d", n)
				}
				f := m.stopAfter(b, 1)
				perCustomer(b, f, total)
				record(key, "facade", f)
				heap := liveHeap(b, svc, size)
				b.ReportMetric(float64(heap)/1024, "max-live-heap-KB")
				if r, ok := last(key, "raw"); ok {
					b.ReportMetric(f.cpu/r.cpu, "x-cpu")
					b.ReportMetric(f.allocs/r.allocs, "x-allocs")
					note("%s: facade %.1f µs CPU, %.0f B, %.1f allocs per customer (raw %.1f µs, %.0f B, %.1f allocs); max live heap during the walk %d KB",
						key, f.cpu/float64(total)/1000, f.bytes/float64(total), f.allocs/float64(total),
						r.cpu/float64(total)/1000, r.bytes/float64(total), r.allocs/float64(total), heap/1024)
				}
			})
		}
	}
}

func perCustomer(b *testing.B, r result, total int) {
	b.ReportMetric(r.cpu/float64(total), "cpu-ns/customer")
	b.ReportMetric(r.allocs/float64(total), "allocs/customer")
	b.ReportMetric(r.bytes/float64(total), "B/customer")
}

// liveHeap walks the whole list once more and returns the largest heap in
// use after a GC, sampled every 10,000 customers.
func liveHeap(b *testing.B, svc customers.Service, size int) uint64 {
	var peak uint64
	n := 0
	for _, err := range svc.List(context.Background(), &customers.ListParams{PageSize: size}) {
		if err != nil {
			b.Fatal(err)
		}
		if n++; n%10_000 == 0 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	return peak
}

type templateItem struct {
	template json.RawMessage
	id       string
	phone    string
}

// rawItemsOf takes the first customer of a captured list page as the template.
func rawItemsOf(b *testing.B, provider string, page []byte) templateItem {
	var env map[string][]json.RawMessage
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(page, &probe); err != nil {
		b.Fatal(err)
	}
	key := "items"
	if provider == "hitpay" {
		key = "data"
	}
	env = map[string][]json.RawMessage{}
	var list []json.RawMessage
	if err := json.Unmarshal(probe[key], &list); err != nil || len(list) == 0 {
		b.Fatalf("no %s in %s", key, page)
	}
	env[key] = list
	var c struct {
		ID          string
		Phone       string
		PhoneNumber string `json:"phone_number"`
	}
	if err := json.Unmarshal(list[0], &c); err != nil || !strings.ContainsAny(c.ID, "0123456789abcdef") || len(c.ID) < 8 {
		b.Fatalf("template id %q: %v", c.ID, err)
	}
	phone := c.Phone + c.PhoneNumber
	if len(phone) < 8 {
		b.Fatalf("template phone %q: too short to vary", phone)
	}
	return templateItem{template: list[0], id: c.ID, phone: phone}
}
