package shopserver

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"time"
)

// adminCookie is set by /admin/login and cleared by /admin/logout. The admin pages do not
// demand it (the contract is 200 for them), but a client with a cookie jar sees a real session.
const adminCookie = "shop_admin"

func adminLogin(w http.ResponseWriter, r *http.Request) {
	if _, ok := readBody(w, r); !ok {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: adminCookie, Value: "1", Path: "/admin", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	writeJSON(w, http.StatusOK, statusBody{Status: "logged in"})
}

func adminLogout(w http.ResponseWriter, _ *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: adminCookie, Value: "", Path: "/admin", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	writeJSON(w, http.StatusOK, statusBody{Status: "logged out"})
}

func (s *Server) dashboard(w http.ResponseWriter, _ *http.Request) {
	body := fmt.Sprintf("<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Admin</title></head>\n<body>\n"+
		"<h1>Dashboard</h1>\n<p>Up for %s. %d products.</p>\n"+
		"<a href=\"/admin/users?page=1\">Users</a> <a href=\"/admin/reports/export?format=csv\">Export</a>\n</body>\n</html>\n",
		time.Since(s.started).Round(time.Second), len(s.catalog.products))
	write(w, http.StatusOK, typeHTML, []byte(body))
}

// The admin user list: adminUserCount users, adminPageSize a page.
const (
	adminUserCount = 250
	adminPageSize  = 10
)

// adminUser is one row of GET /admin/users.
type adminUser struct {
	ID    int    `json:"id"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

// usersPage is the body of GET /admin/users.
type usersPage struct {
	Users []adminUser `json:"users"`
	Page  int         `json:"page"`
	Total int         `json:"total"`
}

func adminUsers(w http.ResponseWriter, r *http.Request) {
	pageNo, ok := intParam(w, r.URL.Query(), "page", 1, 1, maxPage)
	if !ok {
		return
	}
	users := []adminUser{}
	for id := (pageNo-1)*adminPageSize + 1; id <= min(pageNo*adminPageSize, adminUserCount); id++ {
		role := "customer"
		if id%50 == 1 {
			role = "admin"
		}
		users = append(users, adminUser{ID: id, Email: fmt.Sprintf("user%03d@example.com", id), Role: role})
	}
	writeJSON(w, http.StatusOK, usersPage{Users: users, Page: pageNo, Total: adminUserCount})
}

// reportDays is how many daily rows the sales report has.
const reportDays = 30

// reportRow is one day of the sales report.
type reportRow struct {
	Date    string  `json:"date"`
	Orders  int     `json:"orders"`
	Revenue float64 `json:"revenue"`
}

// salesReport is the same fixed report on every run, so tests and clients can rely on it.
func salesReport() []reportRow {
	day := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]reportRow, reportDays)
	for i := range rows {
		orders := 40 + int(splitmix64(uint64(i))%60)
		rows[i] = reportRow{
			Date:    day.AddDate(0, 0, i).Format(time.DateOnly),
			Orders:  orders,
			Revenue: float64(orders*4750+int(splitmix64(uint64(i)+reportDays)%5000)) / 100,
		}
	}
	return rows
}

// exportReport serves the sales report as CSV (the default) or JSON, chosen by ?format=.
func exportReport(w http.ResponseWriter, r *http.Request) {
	rows := salesReport()
	switch format := r.URL.Query().Get("format"); format {
	case "", "csv":
		var b bytes.Buffer
		cw := csv.NewWriter(&b)
		records := [][]string{{"date", "orders", "revenue"}}
		for _, row := range rows {
			records = append(records, []string{row.Date, fmt.Sprint(row.Orders), fmt.Sprintf("%.2f", row.Revenue)})
		}
		if err := cw.WriteAll(records); err != nil { // a bytes.Buffer does not fail; csv may
			fail(w, http.StatusInternalServerError, "write report: "+err.Error())
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="sales.csv"`)
		write(w, http.StatusOK, typeCSV, b.Bytes())
	case "json":
		writeJSON(w, http.StatusOK, rows)
	default:
		fail(w, http.StatusBadRequest, fmt.Sprintf("format %q: want csv or json", format))
	}
}
