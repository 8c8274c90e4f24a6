from tests.web.conftest import csrf_of


def test_probe(client_for, seeded):
    admin = client_for("admin")
    big = "9" * 30
    urls = [f"/calls/{big}", f"/calls?after={big}", f"/audit?page={big}", f"/calibration/{big}",
            f"/scripts/x/diff?a=1&b={big}", "/scripts/support-first-line?version=" + big,
            f"/calls/{big}/audio", "/calls?rating=" + big, "/calls?score_min=1e999", "/calls?score_min=nan",
            "/scorecards?period=" + big, "/calls?period=2026-W99", "/calls?date_from=9999-12-31"]
    for u in urls:
        r = admin.get(u, follow_redirects=False)
        print(u, r.status_code, r.text[:80].replace("\n", " ") if r.status_code >= 500 else "")
    tok = csrf_of(admin.get("/calls").text)
    for u, d in [("/scripts/x/activate", {"version": "999"}), ("/scripts/x/activate", {"version": big}),
                 (f"/disputes/{big}/resolve", {"status": "rejected"}), ("/calibration", {"name": "n", "latest": big}),
                 (f"/users/{big}", {"role": "qa"}), ("/users", {"username": "u", "password": "x", "role": "qa"}),
                 ("/users/2", {"role": "qa", "password": "x"}), ("/agents", {"extension": "1001", "name": "dup"}),
                 ("/users", {"username": "u2", "password": "longpassword", "role": "agent", "extension": "nope"})]:
        r = admin.post(u, data={"csrf_token": tok, **d}, follow_redirects=False)
        print("POST", u, d, r.status_code, r.text[:100].replace("\n", " ") if r.status_code >= 500 else "")
    assert False
