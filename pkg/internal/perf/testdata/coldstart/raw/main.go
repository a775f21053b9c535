// Command raw is the net/http twin of the multipay cold-start probe: the
// same Get, written by hand.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

type customer struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

func main() {
	req, err := http.NewRequest(http.MethodGet, os.Args[1]+"/v1/customers/"+os.Args[3], nil)
	if err != nil {
		panic(err)
	}
	req.Header.Set("X-Business-Api-Key", os.Args[2])
	req.Header.Set("Accept", "application/json")
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer rsp.Body.Close()
	var c customer
	if err := json.NewDecoder(rsp.Body).Decode(&c); err != nil || rsp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "bad answer", rsp.StatusCode, err)
		os.Exit(1)
	}
	fmt.Println(c.Email)
}
