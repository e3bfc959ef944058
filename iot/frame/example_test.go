package frame_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// A protocol whose frames are "<" ... ">" shows the contract: skip what
// cannot start a frame, wait for the end, reject a start without one.
func ExampleStream() {
	angle := frame.ProtocolFunc(func(buf []byte) (int, int, frame.Status) {
		start := bytes.IndexByte(buf, '<')
		if start < 0 {
			return len(buf), 0, frame.NeedMore
		}
		end := bytes.IndexAny(buf[start+1:], "<>")
		switch {
		case end < 0:
			return start, 0, frame.NeedMore
		case buf[start+1+end] == '<':
			return start, 0, frame.BadEnd
		}
		return start, end + 2, frame.Found
	})

	s := frame.NewStream(angle, 0)
	r := strings.NewReader("noise<one><tw<two>")
	for {
		f, err := s.ReadFrame(r)
		if err != nil {
			break
		}
		fmt.Printf("%s\n", f)
	}
	st := s.Stats()
	fmt.Println(st.Frames, "frames,", st.Noise, "noise bytes,", st.BadEnd, "false start")
	// Output:
	// <one>
	// <two>
	// 2 frames, 7 noise bytes, 1 false start
}
