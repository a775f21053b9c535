// Command multipay is the cold-start probe of BenchmarkColdStart: a program
// that imports one adapter and makes one Get, as a user's would.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
)

func main() {
	svc, err := hitpay.New(os.Args[2], customers.WithBaseURL(os.Args[1]))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c, err := svc.Get(context.Background(), os.Args[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(c.Email)
}
