package specguard_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/internal/specguard"
)

// validate runs request validation of one request against a provider's spec.
func validate(t *testing.T, provider string, r *http.Request) []specguard.FieldError {
	t.Helper()
	router, err := specguard.NewRouter(specs.MustLoadShared(provider))
	require.NoError(t, err)
	route, params, err := router.FindRoute(r)
	require.NoError(t, err)
	err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: specguard.RequireCredentials, SkipSettingDefaults: true},
	})
	require.Error(t, err, "the request passed validation")
	return specguard.FieldErrors(err)
}

func fieldsOf(fes []specguard.FieldError) string {
	var out []string
	for _, fe := range fes {
		out = append(out, fe.Field+": "+fe.Message)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func TestFieldErrorsNameBodyFields(t *testing.T) {
	t.Parallel()
	body := `{"email":"not-an-email","first_name":"Ada","phone_number":"123","nickname":"x"}`
	r := httptest.NewRequest(http.MethodPost, "/api/v1/customers", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer k")
	got := fieldsOf(validate(t, "soap", r))
	for _, want := range []string{"last_name: is required", "nickname: is not an accepted field", "phone_number: ", "email: "} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "last_name.last_name", "doubled path")
}

func TestFieldErrorsNameNestedFields(t *testing.T) {
	t.Parallel()
	body := `{"email":"a@example.com","phone_number":"91234567","address":{"street":"1 Main","city":"S","state":"S","postal_code":"1","country":"singapore"}}`
	r := httptest.NewRequest(http.MethodPost, "/v1/customers", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-BUSINESS-API-KEY", "k")
	got := fieldsOf(validate(t, "hitpay", r))
	assert.Contains(t, got, "address.country: ", "nested field not named")
}

func TestFieldErrorsNameQueryParameters(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "/customers?limit=500", nil)
	r.Header.Set("Authorization", "pk_test.k")
	got := fieldsOf(validate(t, "notchpay", r))
	assert.Regexp(t, `^limit: `, got, "query parameter not named")
}

func TestFieldErrorsLookInsideAllOf(t *testing.T) {
	t.Parallel()
	body := `{"address":{"country":"cameroon","city":"Douala"}}`
	r := httptest.NewRequest(http.MethodPost, "/customers/cus_123", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "pk_test.k")
	got := fieldsOf(validate(t, "notchpay", r))
	assert.Contains(t, got, "address.country: ", "field inside allOf not named")
}
