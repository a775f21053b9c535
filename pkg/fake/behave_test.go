package fake_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/fake"
)

func TestWithSuccessStatusChangesOnlyThatOperation(t *testing.T) {
	srv := fake.Start(t, "notchpay", fake.WithSuccessStatus("getCustomer", http.StatusAccepted))
	ids, err := srv.Seed(1)
	require.NoError(t, err)

	get := func(path string) int {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", srv.Credentials.APIKey)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		return res.StatusCode
	}
	assert.Equal(t, http.StatusAccepted, get("/customers/"+ids[0]))
	assert.Equal(t, http.StatusOK, get("/customers"), "other operations keep their status")
	assert.Equal(t, http.StatusNotFound, get("/customers/cus_unknown"), "errors keep their status")
}
