// Hash routes: every page has a URL ("#/rooms") so that back, forward, reload and shared links
// work. Pure string handling, unit-tested natively.
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"

namespace portal::app {

enum class Page {
    Overview,
    ServiceOrders,
    Rooms,
    Devices,
    Insights,
    Alerts,
    Support,       // the account's tickets; detail: a ticket's id (#/support/12)
    SupportQueue,  // operators: every account's tickets, and opening an account read-only
    People,
    Intake,     // operators: order intake and unmatched orders
    Invite,     // an invitation link: detail is the token
    Kiosk,      // a wall display's dashboard: detail is the kiosk token, no session, no shell
    Catalogue,  // the service catalogue: programs, terms, countries, supported products
    NotFound,
};

struct Route {
    Page page = Page::Overview;
    std::string detail;  // the rest of the path after the page ("42" in "#/rooms/42")
    Id account = 0;      // the account shown ("?account=12"); 0: the user's first
    // How a single sign-on came back ("?sso=tested", "?sso=not_invited"): the server redirects
    // to a route carrying it, and the page it lands on says what happened. "" for none.
    std::string sso{};
    // A page's filter from a link ("?filter=offline": the Overview's figures open the page
    // filtered): lower-case letters, digits, "-" and "_" only, else dropped. "" for none.
    std::string filter{};

    bool operator==(const Route&) const = default;
};

// "#/rooms/42?account=12", "/rooms/42" or "rooms" -> Route (with "&sso=<code>" when present:
// lower-case letters and "_" only, anything else is dropped; "&filter=<name>" likewise).
// "#/kiosk/<token>" -> Kiosk with the token in detail (a kiosk names no account). Empty or "#/" ->
// Overview; unknown -> NotFound with the original path kept in detail so the page can say what was
// asked for.
Route ParseRoute(std::string_view hash);
// The theme a kiosk link asks for over the link's own ("#/kiosk/<token>?theme=light"):
// "light", "dark", or "" (any other page, or no valid theme).
std::string KioskThemeOf(std::string_view hash);
// Route -> "#/rooms/42?account=12".
std::string FormatRoute(const Route& route);
// The path segment of a page ("rooms"); "" for NotFound.
const char* PageSlug(Page page);
// A query value: letters, digits and "-_.~" as they are, every other byte %-escaped
// ("rapport 1.pdf" -> "rapport%201.pdf").
std::string QueryEscape(std::string_view text);

}  // namespace portal::app
