// Pages whose capability is still being built: they say what they will hold, so the
// navigation is complete and honest from the first release.
#include <imgui.h>

#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

const char* PagePromise(Page page) {
    switch (page) {
        case Page::ServiceOrders:
            return "Your service contracts: program, licenses assigned and free, term and status.";
        case Page::Rooms:
            return "Your meeting rooms, with license assignment, moves, import and export.";
        case Page::Devices:
            return "Your devices by serial number, placed in rooms.";
        case Page::Insights:
            return "Usage and occupancy of licensed rooms, live and over time.";
        case Page::Alerts:
            return "Room and device alerts by email and ServiceNow.";
        case Page::Support:
            return "Support tickets raised from a room, with its details attached.";
        case Page::People:
            return "Members, roles, invitations and partner delegations.";
        default:
            return "";
    }
}

}  // namespace

void DrawComingPage(AppState& state, Page page) {
    HeadingItem(state, PageTitle(page));
    TextItem(PagePromise(page));
    ImGui::Spacing();
    MutedText("Coming soon: this page arrives with a later release of the portal.");
}

void DrawNotFoundPage(AppState& state, AppController& controller) {
    HeadingItem(state, "Page not found");
    std::string text = "There is no page at \"#/" + state.route.detail + "\".";
    TextItem(text);
    if (ImGui::Button("Go to Overview")) controller.Navigate({Page::Overview, ""});
}

}  // namespace portal::app
