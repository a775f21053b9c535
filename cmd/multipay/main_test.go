package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// clearCredentials makes every provider fall back to its fake.
func clearCredentials(t *testing.T) {
	for _, v := range []string{"HITPAY_API_KEY", "NOTCHPAY_API_KEY", "NOTCHPAY_SYNC_ID", "SOAP_API_KEY",
		"USEEPAY_API_KEY", "USEEPAY_MERCHANT_NO", "USEEPAY_APP_ID"} {
		t.Setenv(v, "")
	}
}

func TestDemoRunsEveryProviderOnFakes(t *testing.T) {
	clearCredentials(t)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"demo"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"hitpay (fake)", "notchpay (fake)", "soap (fake)", "useepay (fake)",
		"42 customers in 5 pages of 10",            // list after seeding 41 on top of the created one
		"then get: not found, as expected",         // delete at HitPay and Notch Pay
		"not supported, refused without a request", // Soap get/delete, UseePay delete
		"blocked=true, then unblocked",             // Notch Pay extra
	} {
		if !strings.Contains(text, want) {
			t.Errorf("demo output lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "1 match(es)"); n != 4 {
		t.Errorf("search found the updated customer at %d of 4 providers:\n%s", n, text)
	}
	if strings.Contains(text, "@example.com") {
		t.Error("the demo printed customer e-mails")
	}
}

func TestCapabilitiesMatrix(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"capabilities"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "operation") || !strings.Contains(lines[0], "useepay") {
		t.Fatalf("header %q", lines[0])
	}
	var deleteRow string
	for _, l := range lines {
		if strings.HasPrefix(l, "delete ") {
			deleteRow = strings.Join(strings.Fields(l), " ")
		}
	}
	if deleteRow != "delete yes yes - -" {
		t.Fatalf("delete row %q, want hitpay and notchpay only", deleteRow)
	}
}

func TestCreateAndListOnFake(t *testing.T) {
	clearCredentials(t)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-provider", "soap", "create", "-email", "ada@example.com",
		"-first-name", "Ada", "-last-name", "Lovelace", "-phone", "+15125550143"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var c struct{ ID, Name, Phone, Provider string }
	if err := json.Unmarshal(out.Bytes(), &c); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if !strings.HasPrefix(c.ID, "cus_") || c.Name != "Ada Lovelace" || c.Phone != "+15125550143" || c.Provider != "soap" {
		t.Fatalf("created %+v", c)
	}

	out.Reset()
	if code := run(context.Background(), []string{"-provider", "hitpay", "list", "-seed", "30", "-limit", "7"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	dec := json.NewDecoder(&out)
	n := 0
	for dec.More() {
		var v map[string]any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 7 {
		t.Fatalf("listed %d customers, want the limit of 7", n)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"nonsense"}, {"get"}, {"-provider", "paypal", "get", "x"}, {"-provider", "soap", "get"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errOut.String())
		}
	}
}

func TestNotSupportedExitsOne(t *testing.T) {
	clearCredentials(t)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-provider", "soap", "delete", "cus_A3GuXEbThpqk2t6UTxEuoceVJyUEAX7V"}, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "not supported") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}
