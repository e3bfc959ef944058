package publicpage_test

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Urumqi on machines without zoneinfo

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/apps/county/internal/publicpage"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

func story() *trace.Story {
	at := time.Date(2026, 4, 30, 1, 0, 0, 0, time.UTC)
	return &trace.Story{
		Producer: &trace.Producer{Name: "团结村红枣专业合作社", Kind: trace.Cooperative, Phone: "13912345678"},
		Product:  &trace.Product{Name: "团结骏枣", Variety: "骏枣", Category: trace.Fruit},
		Batch: &trace.Batch{ID: "2026-A-001", HarvestedOn: land.NewDate(2026, 4, 28),
			Quantity: trace.Kilograms("1200.50")},
		Plot: &trace.StoryPlot{Code: "6542021010010100001", Village: "654202101001",
			Area: decimal.RequireFromString("2.50")},
		Steps: []trace.StoryStep{{At: at, BizStep: epcis.BizStepPacking,
			Disposition: epcis.DispositionInProgress, Location: "https://t.example.cn/site/packhouse%201"}},
		Report: &trace.TestReport{Number: "R-1", Lab: trace.Lab{Name: "检测站"}, Result: trace.Pass,
			IssuedOn: land.NewDate(2026, 4, 30), DocumentURL: "javascript:alert(1)",
			Items: []trace.TestItem{{Name: "<b>毒死蜱</b>", Result: trace.Pass, NotDetected: true}}},
	}
}

func TestRenderStory(t *testing.T) {
	html, err := publicpage.RenderStory(story(), publicpage.Names{
		Division: func(code string) string { return "团结村" },
		Place:    func(uri string) string { return "分拣中心" },
	}, nil)
	require.NoError(t, err)
	s := string(html)
	for _, want := range []string{"团结骏枣", "6542021010010100001", "团结村", "2.50 亩", "包装",
		"2026年4月30日 09:00", "分拣中心", "检测结果：合格", "未检出", "1200.50 千克"} {
		assert.Contains(t, s, want)
	}
	assert.NotContains(t, s, "<b>", "values are escaped")
	assert.NotContains(t, s, "javascript:", "only http links are written")
}

// TestRenderStoryZone checks that step times follow the county's zone: the
// packing at 09:00 UTC+8 is at 07:00 in Asia/Urumqi (UTC+6).
func TestRenderStoryZone(t *testing.T) {
	urumqi, err := time.LoadLocation("Asia/Urumqi")
	require.NoError(t, err)
	html, err := publicpage.RenderStory(story(), publicpage.Names{}, urumqi)
	require.NoError(t, err)
	assert.Contains(t, string(html), "2026年4月30日 07:00")
	assert.NotContains(t, string(html), "2026年4月30日 09:00")
}

func TestAppendPageStatuses(t *testing.T) {
	urumqi, err := time.LoadLocation("Asia/Urumqi")
	require.NoError(t, err)
	tests := []struct {
		name   string
		lookup publicpage.Lookup
		want   string
	}{
		{"malformed", publicpage.Lookup{Status: publicpage.Malformed}, "无法识别的追溯码"},
		{"unknown", publicpage.Lookup{Status: publicpage.Unknown, Count: 1}, "查无此码"},
		{"voided", publicpage.Lookup{Status: publicpage.Voided, Count: 1}, "此码已停用"},
		{"not active", publicpage.Lookup{Status: publicpage.NotActive, Count: 1}, "此码尚未启用"},
		{"flagged", publicpage.Lookup{Status: publicpage.Found, Flagged: true, Count: 3}, "异常提示"},
		{"count", publicpage.Lookup{Status: publicpage.Found, Count: 2,
			First: time.Date(2026, 5, 1, 0, 30, 0, 0, time.UTC)}, "第 2 次查询"},
		{"first", publicpage.Lookup{Status: publicpage.Found, Count: 2,
			First: time.Date(2026, 5, 1, 0, 30, 0, 0, time.UTC)}, "2026年5月1日 08:30"},
		{"first in Asia/Urumqi", publicpage.Lookup{Status: publicpage.Found, Count: 2,
			First: time.Date(2026, 5, 1, 0, 30, 0, 0, time.UTC), Zone: urumqi}, "2026年5月1日 06:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := string(publicpage.AppendPage(nil, &tt.lookup))
			assert.Contains(t, page, tt.want)
			assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
			assert.True(t, strings.HasSuffix(page, "</html>\n"))
		})
	}
}

func FuzzAppendPage(f *testing.F) {
	f.Add("1SE6-1XHP-SF46-E73Q")
	f.Add(`"><script>alert(1)</script>`)
	f.Add("&amp;'\x00")
	f.Fuzz(func(t *testing.T, code string) {
		page := string(publicpage.AppendPage(nil, &publicpage.Lookup{Status: publicpage.Malformed, Code: code}))
		start := strings.Index(page, `<span>`) + len(`<span>`)
		end := strings.Index(page, `</span></p></header>`)
		if start < len(`<span>`) || end < start {
			t.Fatalf("page lost its header for code %q", code)
		}
		if strings.ContainsAny(page[start:end], `<>"'`) {
			t.Fatalf("code %q is not escaped: %q", code, page[start:end])
		}
	})
}
