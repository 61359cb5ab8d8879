// Pages whose capability is still being built: they say what they will hold, so the
// navigation is complete and honest from the first release.
#include <imgui.h>

#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Your service contracts: program, licenses assigned and free, term and status.",
     "Vos contrats de service : programme, licences attribuées et libres, durée et statut."},
    {"Your meeting rooms, with license assignment, moves, import and export.",
     "Vos salles de réunion, avec attribution et déplacement des licences, import et export."},
    {"Your devices by serial number, placed in rooms.",
     "Vos appareils par numéro de série, placés dans les salles."},
    {"Usage and occupancy of licensed rooms, live and over time.",
     "Utilisation et occupation des salles sous licence, en direct et dans le temps."},
    {"Room and device alerts by email and ServiceNow.",
     "Alertes des salles et appareils par e-mail et ServiceNow."},
    {"Members, roles, invitations and partner delegations.",
     "Membres, rôles, invitations et délégations aux partenaires."},
    {"Coming soon: this page arrives with a later release of the portal.",
     "Bientôt : cette page arrive avec une prochaine version du portail."},
    {"There is no page at \"#/{0}\".", "Il n'y a pas de page à l'adresse « #/{0} »."},
    {"Go to Overview", "Aller à la vue d'ensemble"},
};

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
        case Page::People:
            return "Members, roles, invitations and partner delegations.";
        default:
            return "";
    }
}

}  // namespace

std::span<const TextPair> ComingTexts() {
    return kTexts;
}

void DrawComingPage(AppState& state, Page page) {
    HeadingItem(state, state.tr(PageTitle(page)), 1);
    TextItem(state.tr(PagePromise(page)));
    ImGui::Spacing();
    MutedText(state.tr("Coming soon: this page arrives with a later release of the portal."));
}

void DrawNotFoundPage(AppState& state, AppController& controller) {
    HeadingItem(state, state.tr("Page not found"), 1);
    TextItem(Format(state.tr("There is no page at \"#/{0}\"."), {state.route.detail}));
    if (ImGui::Button(state.tr("Go to Overview"))) controller.Navigate({Page::Overview, ""});
}

}  // namespace portal::app
