package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/multipay/multipay/pkg/fake"
)

// serveInfo describes a running serve: what it prints, its index page and
// its --ready-file.
type serveInfo struct {
	URL       string           `json:"url"`
	Providers []servedProvider `json:"providers"`
}

type servedProvider struct {
	Name        string            `json:"name"`
	URL         string            `json:"url"`
	Control     string            `json:"control"`
	Credentials map[string]string `json:"credentials"`
}

func describeServe(root string, fakes map[string]*fake.Server) serveInfo {
	info := serveInfo{URL: root}
	for name, s := range fakes {
		info.Providers = append(info.Providers, servedProvider{
			Name: name, URL: root + "/" + name, Control: root + "/_multipay/" + name,
			Credentials: credentialVars(name, s.Credentials),
		})
	}
	sort.Slice(info.Providers, func(i, j int) bool { return info.Providers[i].Name < info.Providers[j].Name })
	return info
}

// credentialVars names a fake's credentials by the provider's headers. These
// are the fakes' fixed test keys, not secrets.
func credentialVars(name string, c fake.Credentials) map[string]string {
	switch name {
	case "hitpay":
		return map[string]string{"X-BUSINESS-API-KEY": c.APIKey}
	case "notchpay":
		return map[string]string{"Authorization": c.APIKey, "X-Sync": c.SyncAccount}
	case "soap":
		return map[string]string{"Authorization": "Bearer " + c.APIKey}
	case "useepay":
		return map[string]string{"x-api-key": c.APIKey, "x-merchant-no": c.MerchantNo, "x-app-id": c.AppID}
	}
	return map[string]string{}
}

// announceServe prints where the fakes are, as a table or JSON like every
// command's output, and writes --ready-file.
func (a *app) announceServe(info serveInfo, readyFile string) error {
	if readyFile != "" {
		if err := writeFileAtomic(readyFile, info); err != nil {
			return fmt.Errorf("serve: --ready-file: %w", err)
		}
	}
	if a.jsonOut() {
		return writeJSON(a.std.out, info)
	}
	tw := tabwriter.NewWriter(a.std.out, 0, 0, 2, ' ', 0)
	for _, p := range info.Providers {
		fmt.Fprintf(tw, "%s\t%s\t", p.Name, p.URL)
		keys := make([]string, 0, len(p.Credentials))
		for k := range p.Credentials {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(tw, "%s: %s  ", k, p.Credentials[k])
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.std.out, "\ncontrol: %s/_multipay/<provider>/{journal,faults,seed}; per request: X-Multipay-Fault: status=503\n", info.URL)
	fmt.Fprintf(a.std.out, "CLI:     export %s=%s\n", fakeURLEnv, info.URL)
	return nil
}

// writeFileAtomic writes v as JSON to a temporary file beside path, then
// renames it over path, so a reader (or a crash) never sees half a file.
func writeFileAtomic(path string, v any) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // fails harmlessly after the rename
	if err := writeJSON(tmp, v); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
