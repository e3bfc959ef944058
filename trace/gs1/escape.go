package gs1

// PathEscape percent-encodes an AI value for a path segment of a GS1
// Digital Link URI: every byte except A-Z a-z 0-9 - . _ ~ becomes %XX with
// upper-case hex digits, a space %20 and "+" %2B.
func PathEscape(s string) string { return string(appendEscaped(nil, s, false)) }

// QueryEscape percent-encodes an AI value for the query string of a GS1
// Digital Link URI: as [PathEscape], except that a space becomes "+".
func QueryEscape(s string) string { return string(appendEscaped(nil, s, true)) }

// PathUnescape decodes a path segment of a GS1 Digital Link URI: each %XX
// with two hex digits of either case becomes its byte, and a "%" not
// followed by two hex digits stays as it is. "+" stays "+". It returns an
// *Error with Reason [NullCharacter] when a %00 would put a NUL in the value.
func PathUnescape(s string) (string, error) { return unescape(s, false) }

// QueryUnescape decodes a query value of a GS1 Digital Link URI as
// [PathUnescape] does, except that "+" becomes a space.
func QueryUnescape(s string) (string, error) { return unescape(s, true) }

func appendEscaped(dst []byte, s string, query bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case unreserved[c]:
			dst = append(dst, c)
		case c == ' ' && query:
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hex[c>>4], hex[c&0x0F])
		}
	}
	return dst
}

// unescape decodes s, returning s itself when there is nothing to decode.
func unescape(s string, query bool) (string, error) {
	i := 0
	for i < len(s) && s[i] != '%' && !(query && s[i] == '+') {
		i++
	}
	if i == len(s) {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && hexValue(s[i+1]) >= 0 && hexValue(s[i+2]) >= 0:
			c = byte(hexValue(s[i+1])<<4 | hexValue(s[i+2]))
			if c == 0 {
				return "", &Error{Reason: NullCharacter, Value: s, Pos: i}
			}
			i += 2
		case c == '+' && query:
			c = ' '
		}
		b = append(b, c)
	}
	return string(b), nil
}
