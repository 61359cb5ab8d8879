#include "app/route.h"

namespace portal::app {

namespace {

struct PageSlugEntry {
    Page page;
    const char* slug;
};

constexpr PageSlugEntry kPages[] = {
    {Page::Overview, "overview"}, {Page::ServiceOrders, "orders"}, {Page::Rooms, "rooms"},
    {Page::Devices, "devices"},   {Page::Insights, "insights"},    {Page::Alerts, "alerts"},
    {Page::Support, "support"},   {Page::People, "people"},
};

}  // namespace

const char* PageSlug(Page page) {
    for (const auto& entry : kPages) {
        if (entry.page == page) return entry.slug;
    }
    return "";
}

Route ParseRoute(std::string_view hash) {
    if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
    while (!hash.empty() && hash.front() == '/') hash.remove_prefix(1);
    while (!hash.empty() && hash.back() == '/') hash.remove_suffix(1);
    if (hash.empty()) return {};

    size_t slash = hash.find('/');
    std::string_view slug = hash.substr(0, slash);
    std::string_view rest = slash == std::string_view::npos ? "" : hash.substr(slash + 1);
    for (const auto& entry : kPages) {
        if (slug == entry.slug) return {entry.page, std::string(rest)};
    }
    return {Page::NotFound, std::string(hash)};
}

std::string FormatRoute(const Route& route) {
    if (route.page == Page::NotFound) return "#/" + route.detail;
    std::string hash = std::string("#/") + PageSlug(route.page);
    if (!route.detail.empty()) hash += "/" + route.detail;
    return hash;
}

}  // namespace portal::app
