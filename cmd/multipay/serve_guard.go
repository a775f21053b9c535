package main

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// hostGuard admits only requests addressed to this machine: the Host (and
// any Origin) must be a loopback name or one given by --allow-host, and the
// browser must not call the request cross-site. Otherwise a web page could
// point its own name at 127.0.0.1 (DNS rebinding) and read the credentials,
// or send the fakes requests from another site.
type hostGuard struct {
	allowed map[string]bool // extra host names, lower case, without port
}

func newHostGuard(allowHosts []string) hostGuard {
	g := hostGuard{allowed: map[string]bool{}}
	for _, h := range allowHosts {
		g.allowed[strings.ToLower(hostName(h))] = true
	}
	return g
}

// admits reports whether hostport (a Host header or an Origin's host) names
// this server: localhost, 127.0.0.0/8, [::1] or an allowed name, any port.
func (g hostGuard) admits(hostport string) bool {
	name := strings.ToLower(hostName(hostport))
	if name == "localhost" || g.allowed[name] {
		return true
	}
	ip, err := netip.ParseAddr(name)
	return err == nil && ip.Unmap().IsLoopback()
}

// hostName strips the port and an IPv6 address's brackets.
func hostName(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
}

// wrap refuses a foreign Host with 421 and a cross-site request with 403,
// each with a body that says why and what to do.
func (g hostGuard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.admits(r.Host) {
			http.Error(w, "multipay serve: Host "+r.Host+" is not this server's: use 127.0.0.1 or localhost, or start serve with --allow-host NAME", http.StatusMisdirectedRequest)
			return
		}
		if why := g.crossSite(r); why != "" {
			http.Error(w, "multipay serve: refused a cross-site request ("+why+"); a page on localhost or an --allow-host name may call it", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// crossSite says why r comes from another site, "" when it does not.
func (g hostGuard) crossSite(r *http.Request) string {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return "Sec-Fetch-Site: cross-site"
	}
	origin, sent := r.Header["Origin"]
	if !sent {
		return ""
	}
	u, err := url.Parse(origin[0])
	if err != nil || len(origin) != 1 || (u.Scheme != "http" && u.Scheme != "https") || !g.admits(u.Host) {
		return "Origin " + strings.Join(origin, ", ")
	}
	return ""
}
