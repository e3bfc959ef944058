// Package publicpage renders the county server's public code lookup page: the
// product story that a consumer sees after scanning a trace code, in Chinese,
// as one HTML document with its style sheet inline, no script and no external
// asset, laid out for a phone's screen first.
//
// A page has parts that change at different rates. RenderStory renders the
// story of a code (producer, product, origin plot and village, planting, the
// supply-chain steps, the certificate of conformity and the test report) once,
// so that a server can cache it until the trace records change. Write
// renders the parts that change with every scan around it: the warnings and
// the scan count.
package publicpage
