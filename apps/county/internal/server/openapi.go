package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
)

// openapiDocument is the OpenAPI 3.1 description of the routes of routeTable.
//
//go:embed openapi.json
var openapiDocument []byte

var openapiETag = func() string {
	sum := sha256.Sum256(openapiDocument)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
}()

func (s *Server) openapi(w http.ResponseWriter, r *http.Request, _ auth.Principal) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", openapiETag)
	h.Set("Cache-Control", "public, max-age=300")
	if etagMatches(r.Header.Get("If-None-Match"), openapiETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(openapiDocument)))
	_, _ = w.Write(openapiDocument)
}
