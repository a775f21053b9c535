package customers_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/providers"
)

// malformedServer is a loopback server that reads each request's head and
// answers raw bytes that net/http refuses: answer builds them from the
// request line (which carries the query string).
func malformedServer(t *testing.T, answer func(requestLine string) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer func() { _ = conn.Close() }()
				r := bufio.NewReader(conn)
				line, _ := r.ReadString('\n')
				for { // the rest of the head
					if h, err := r.ReadString('\n'); err != nil || h == "\r\n" {
						break
					}
				}
				_, _ = conn.Write([]byte(answer(strings.TrimSpace(line))))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// errorTexts is every string an error chain renders: the error in the
// common verbs, and each error reached through errors.Unwrap.
func errorTexts(err error) []string {
	var out []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		out = append(out, e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e), fmt.Sprintf("%s", e))
	}
	return out
}

// connectTo connects name, with its fake credentials, to a server at base,
// without retries.
func connectTo(t *testing.T, name, base string) (providers.Config, customers.Service) {
	t.Helper()
	p, ok := providers.Lookup(name)
	require.True(t, ok)
	cfg := p.FakeCredentials
	cfg.Options = []customers.Option{customers.WithBaseURL(base), customers.WithInsecurePlaintextHTTP(), customers.WithMaxRetries(0)}
	svc, err := providers.New(name, cfg)
	require.NoError(t, err)
	return cfg, svc
}

// firstPageError is the error of the first page of a List, or of a search
// by e-mail where the provider does not list.
func firstPageError(ctx context.Context, svc customers.Service) error {
	pages := svc.List(ctx, &customers.ListParams{})
	if !slices.Contains(svc.Capabilities().Operations, customers.OpList) {
		pages = svc.(customers.Searcher).Search(ctx, &customers.SearchParams{Email: "x@example.com"})
	}
	for _, err := range pages {
		return err
	}
	return nil
}

// A server that answers a malformed header line, or a Content-Length, made
// of the key cannot make the transport error print it: net/http quotes the
// bad line, and every text of the error chain is redacted. errors.Is still
// reaches the sentinel.
func TestMalformedAnswersDoNotLeakTheKey(t *testing.T) {
	t.Parallel()
	answers := map[string]func(key string) string{
		"control character": func(key string) string { return "HTTP/1.1 200 OK\r\nX-Echo: a\x01" + key + "\r\n\r\n" },
		"content length":    func(key string) string { return "HTTP/1.1 200 OK\r\nContent-Length: " + key + "\r\n\r\n" },
		"missing colon":     func(key string) string { return "HTTP/1.1 200 OK\r\n" + key + "\r\n\r\n" },
		"trailer": func(key string) string { // read with the body, after the header
			return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Echo: a\x01" + key + "\r\n\r\n"
		},
	}
	for _, name := range providers.Names {
		for what, answer := range answers {
			t.Run(name+"/"+what, func(t *testing.T) {
				t.Parallel()
				p, _ := providers.Lookup(name)
				key := p.FakeCredentials.APIKey
				base := malformedServer(t, func(string) string { return answer(key) })
				_, svc := connectTo(t, name, base)
				err := firstPageError(context.Background(), svc)
				require.ErrorIs(t, err, customers.ErrUnavailable)
				texts := errorTexts(err)
				require.NotEmpty(t, texts)
				for _, s := range texts {
					assert.NotContains(t, strings.ToLower(s), strings.ToLower(key[:8]))
				}
			})
		}
	}
}

// A malformed answer to a search that echoes the request line (with the
// query string, the e-mail URL-encoded) or the e-mail itself leaks neither.
func TestMalformedAnswersToASearchDoNotLeakTheEmail(t *testing.T) {
	t.Parallel()
	const email = "ada.lovelace@example.com"
	answers := map[string]func(requestLine string) string{
		"request line":      func(line string) string { return "HTTP/1.1 200 OK\r\nX-Echo: \x01" + line + "\r\n\r\n" },
		"control character": func(string) string { return "HTTP/1.1 200 OK\r\nX-Echo: a\x01" + email + "\r\n\r\n" },
		"trailer": func(string) string {
			return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Echo: a\x01" + email + "\r\n\r\n"
		},
	}
	for _, name := range providers.Names {
		for what, answer := range answers {
			t.Run(name+"/"+what, func(t *testing.T) {
				t.Parallel()
				_, svc := connectTo(t, name, malformedServer(t, answer))
				params := &customers.SearchParams{Query: email}
				if !slices.Contains(svc.Capabilities().Search, customers.FieldQuery) {
					params = &customers.SearchParams{Email: email}
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				for _, err := range svc.(customers.Searcher).Search(ctx, params) {
					require.ErrorIs(t, err, customers.ErrUnavailable)
					for _, s := range errorTexts(err) {
						assert.NotContains(t, strings.ToLower(s), "lovelace")
					}
					break
				}
			})
		}
	}
}

// A call cut by its deadline still matches context.DeadlineExceeded.
func TestRedactedTransportErrorsKeepTheirCause(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() { // accepts and never answers
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	_, svc := connectTo(t, "hitpay", "http://"+ln.Addr().String())
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = firstPageError(ctx, svc)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var ne net.Error
	assert.ErrorAs(t, err, &ne, "the net.Error stays reachable")
}
