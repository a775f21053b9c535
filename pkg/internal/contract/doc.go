// Package contract holds the contract tests between the specs and the
// generated clients: for every operation of every provider, the generated
// client's request must pass the spec's request validation, and every response
// example in the spec (success and error) must decode through the generated
// Parse function. A spec the client cannot speak fails here.
package contract
