// Hash routes: every page has a URL ("#/rooms") so that back, forward, reload and shared links
// work. Pure string handling, unit-tested natively.
#pragma once

#include <string>
#include <string_view>

namespace portal::app {

enum class Page {
    Overview,
    ServiceOrders,
    Rooms,
    Devices,
    Insights,
    Alerts,
    Support,
    People,
    NotFound,
};

struct Route {
    Page page = Page::Overview;
    std::string detail;  // the rest of the path after the page ("42" in "#/rooms/42")

    bool operator==(const Route&) const = default;
};

// "#/rooms/42", "/rooms/42" or "rooms" -> Route. Empty or "#/" -> Overview; unknown -> NotFound
// with the original path kept in detail so the page can say what was asked for.
Route ParseRoute(std::string_view hash);
// Route -> "#/rooms/42".
std::string FormatRoute(const Route& route);
// The path segment of a page ("rooms"); "" for NotFound.
const char* PageSlug(Page page);

}  // namespace portal::app
