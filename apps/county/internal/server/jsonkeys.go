package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// checkDuplicateKeys rejects a JSON body in which one object has the same
// key twice. encoding/json keeps the last value of such a key, so a client's
// mistake, or a second value that a proxy or log reader does not see, would
// pass unnoticed. The check runs over the whole body, nested objects
// included. A body that is not valid JSON passes, so that the decoder
// reports its syntax error.
//
// NOTE: keys that differ only in case, which encoding/json matches to the
// same struct field, are not counted as duplicates, because map fields may
// hold both.
func checkDuplicateKeys(data []byte) *fieldError {
	if !json.Valid(data) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fe, _ := duplicateKey(dec, "")
	return fe
}

// duplicateKey reads one JSON value from dec and returns the error of the
// first duplicate key in it. path is the value's JSON Pointer (RFC 6901).
// A token error ends the scan with that error and no field error.
func duplicateKey(dec *json.Decoder, path string) (*fieldError, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ := tok.(string)
			if seen[key] {
				return &fieldError{status: http.StatusBadRequest, code: "duplicate_key", field: key,
					msg: fmt.Sprintf("key %q appears twice in the object at %q; send each key once", key, pointerOrRoot(path))}, nil
			}
			seen[key] = true
			if fe, err := duplicateKey(dec, path+"/"+escapePointer(key)); fe != nil || err != nil {
				return fe, err
			}
		}
		_, err = dec.Token()
		return nil, err
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if fe, err := duplicateKey(dec, path+"/"+strconv.Itoa(i)); fe != nil || err != nil {
				return fe, err
			}
		}
		_, err = dec.Token()
		return nil, err
	}
	return nil, nil
}

// escapePointer escapes a key as a reference token of a JSON Pointer: ~ as
// ~0 and / as ~1 (RFC 6901 section 3).
func escapePointer(key string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

func pointerOrRoot(path string) string {
	if path == "" {
		return "/"
	}
	return path
}
