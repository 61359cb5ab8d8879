// The Insights page's "Kiosk links" section: admins make a read-only link to the account's
// dashboard for a wall display (optionally some sites or rooms only, until a date, light or
// dark), see its URL once to copy or open, and revoke links. A partner admin can also make one
// that spans all the partner's customers.
#include <imgui.h>

#include <algorithm>
#include <set>

#include "api/kiosk_json.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/date.h"

namespace portal::app {

namespace {

constexpr telemetry::Seconds kDay = 86400;  // an expiry date ends with its day (UTC)

constexpr TextPair kTexts[] = {
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"A kiosk link shows the rooms' live state on a wall display, without a sign-in: create one "
     "with the form above.",
     "Un lien kiosque affiche l'état en direct des salles sur un écran mural, sans connexion : "
     "créez-en un avec le formulaire ci-dessus."},
    {"Kiosk links", "Liens d'affichage"},
    {"A kiosk link shows the rooms' live status on a wall display, without signing in.",
     "Un lien d'affichage montre l'état des salles en direct sur un écran mural, sans "
     "connexion."},
    {"Link name", "Nom du lien"},
    {"Sites (none: all)", "Sites (aucun : tous)"},
    {"Rooms (none: all)", "Salles (aucune : toutes)"},
    {"Expires (YYYY-MM-DD, optional)", "Expire le (AAAA-MM-JJ, facultatif)"},
    {"Theme", "Thème"},
    {"Dark", "Sombre"},
    {"Light", "Clair"},
    {"All customers of your partner organisation",
     "Tous les clients de votre organisation partenaire"},
    {"Create kiosk link", "Créer un lien d'affichage"},
    {"Enter the expiry date as YYYY-MM-DD, or leave it empty.",
     "Saisissez la date d'expiration au format AAAA-MM-JJ, ou laissez-la vide."},
    {"New kiosk link {0}:", "Nouveau lien d'affichage {0} :"},
    {"Open", "Ouvrir"},
    {"Copy it now: it will not be shown again.", "Copiez-le maintenant : il ne sera plus affiché."},
    {"the kiosk links", "les liens d'affichage"},
    {"the partner's kiosk links", "les liens d'affichage du partenaire"},
    {"No kiosk link yet.", "Aucun lien d'affichage pour l'instant."},
    {"Kiosk links are managed by the account's admins.",
     "Les liens d'affichage sont gérés par les administrateurs du compte."},
    {"Scope", "Portée"},
    {"Expires", "Expire"},
    {"All rooms", "Toutes les salles"},
    {"All customers", "Tous les clients"},
    {"{0} sites", "{0} sites"},
    {"{0} rooms", "{0} salles"},
    {"Expired", "Expiré"},
};

// The partner organisation of a partner admin (me.delegations), or 0.
Id PartnerOrg(const AppState& state) {
    if (!state.me.value || state.me.value->delegations.empty()) return 0;
    return state.me.value->delegations.front().partner_org_id;
}

std::string PartnerPath(Id partner) {
    return "/api/v1/partners/" + std::to_string(partner) + "/kiosk-links";
}

void LoadLinks(AppState& state, AppController& controller) {
    KioskLinksState& page = state.kiosk_links;
    page.links_for = state.account.id;
    controller.Fetch(page.links, AccountPath(state.account.id, "/kiosk-links"),
                     &api::KioskLinksFromJson);
    Id partner = PartnerOrg(state);
    page.partner_for = partner;
    if (partner != 0) {
        controller.Fetch(page.partner_links, PartnerPath(partner), &api::KioskLinksFromJson);
    }
}

void CreateLink(AppState& state, AppController& controller) {
    KioskLinksState& page = state.kiosk_links;
    api::KioskLinkRequest request;
    request.name = page.name;
    request.theme = page.light ? "light" : "dark";
    page.form_error.clear();
    if (page.expires[0] != 0) {
        Date date;
        if (!ParseDate(page.expires, date)) {
            page.form_error = state.tr("Enter the expiry date as YYYY-MM-DD, or leave it empty.");
            return;
        }
        // The link works through that day (UTC) and stops at its end.
        request.expires_at = static_cast<telemetry::Seconds>(date.days + 1) * kDay;
    }
    Id partner = PartnerOrg(state);
    bool partner_link = page.all_customers && partner != 0;
    if (!partner_link) {
        request.sites.assign(page.sites.begin(), page.sites.end());
        request.rooms.assign(page.rooms.begin(), page.rooms.end());
    }
    page.new_url.clear();
    if (page.create.failed() && page.create.failure != api::Failure::Network) {
        page.create.Clear();  // a corrected form is a new change, with a new key
    }
    std::string path =
        partner_link ? PartnerPath(partner) : AccountPath(state.account.id, "/kiosk-links");
    controller.Submit(
        page.create, "POST", std::move(path), api::KioskLinkRequestToJson(request),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            KioskLinksState& page = state.kiosk_links;
            api::KioskLink created;
            std::vector<api::FieldError> errors;
            if (api::KioskLinkFromJson(result.value, created, errors) && !created.url.empty()) {
                page.new_url = created.url;
                page.new_name = created.name;
            }
            page.name[0] = 0;
            page.sites.clear();
            page.rooms.clear();
            page.expires[0] = 0;
            LoadLinks(state, controller);
        },
        /*reload_account=*/false);
}

void RevokeLink(AppState& state, AppController& controller, Id id) {
    KioskLinksState& page = state.kiosk_links;
    page.revoking = id;
    controller.Revoke(page.revoke, "/api/v1/kiosk-links/" + std::to_string(id),
                      [&state, &controller] { LoadLinks(state, controller); });
}

std::string LinkTime(const Translator& tr, telemetry::Seconds at) {
    return FormatUtcMinuteIn(tr.language(), at);
}

std::string ScopeText(const Translator& tr, const api::KioskLink& link) {
    if (link.partner_org_id != 0) return tr("All customers");
    if (!link.rooms.empty()) return Format(tr("{0} rooms"), {std::to_string(link.rooms.size())});
    if (link.sites.size() == 1) return link.sites.front();
    if (!link.sites.empty()) return Format(tr("{0} sites"), {std::to_string(link.sites.size())});
    return tr("All rooms");
}

void DrawForm(AppState& state, AppController& controller) {
    KioskLinksState& page = state.kiosk_links;
    const Translator& tr = state.tr;
    LabeledInput(tr("Link name"), "##kiosk-name", page.name, sizeof page.name, 0, 320.0f);
    Id partner = PartnerOrg(state);
    if (partner != 0) {
        ImGui::Checkbox(tr("All customers of your partner organisation"), &page.all_customers);
    }
    if (!page.all_customers || partner == 0) {
        // Sites and rooms of the account, as the room picker lists them.
        std::set<std::string> sites;
        for (const RoomRow& room : state.insights_page.rooms) sites.insert(room.site);
        TextItem(tr("Sites (none: all)"));
        ImGui::PushID("sites");
        for (const std::string& site : sites) {
            bool chosen = page.sites.count(site) > 0;
            if (ImGui::Checkbox(site.c_str(), &chosen)) {
                if (chosen) {
                    page.sites.insert(site);
                } else {
                    page.sites.erase(site);
                }
            }
            ImGui::SameLine();
        }
        ImGui::NewLine();
        ImGui::PopID();
        TextItem(tr("Rooms (none: all)"));
        ImGui::PushID("rooms");
        for (const RoomRow& room : state.insights_page.rooms) {
            if (!page.sites.empty() && page.sites.count(room.site) == 0) continue;
            bool chosen = page.rooms.count(room.room_id) > 0;
            ImGui::PushID(static_cast<int>(room.room_id));
            if (ImGui::Checkbox(room.name.c_str(), &chosen)) {
                if (chosen) {
                    page.rooms.insert(room.room_id);
                } else {
                    page.rooms.erase(room.room_id);
                }
            }
            ImGui::PopID();
            ImGui::SameLine();
        }
        ImGui::NewLine();
        ImGui::PopID();
    }
    LabeledInput(tr("Expires (YYYY-MM-DD, optional)"), "##kiosk-expires", page.expires,
                 sizeof page.expires, 0, 200.0f);
    TextItem(tr("Theme"));
    ImGui::SameLine();
    if (RadioItem(tr("Dark"), !page.light)) page.light = false;
    ImGui::SameLine();
    if (RadioItem(tr("Light"), page.light)) page.light = true;
    ImGui::BeginDisabled(page.create.busy());
    if (ActionButton(tr("Create kiosk link"))) CreateLink(state, controller);
    ImGui::EndDisabled();
    if (!page.form_error.empty()) ErrorText(page.form_error);
    SubmissionError(state, page.create);
}

void DrawNewLink(AppState& state, AppController& controller) {
    KioskLinksState& page = state.kiosk_links;
    const Translator& tr = state.tr;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().banner_background);
    ImGui::BeginChild("new-kiosk-link", ImVec2(0, 0),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                          ImGuiChildFlags_AlwaysUseWindowPadding);
    TextItem(Format(tr("New kiosk link {0}:"), {page.new_name}));
    TextItem(page.new_url);
    if (ImGui::Button(tr("Copy"))) controller.CopyText(page.new_url);
    ImGui::SameLine();
    if (ImGui::Button(tr("Open"))) {
        // The same page, as a kiosk: the address bar keeps the link (back returns here).
        size_t hash = page.new_url.find('#');
        if (hash != std::string::npos) {
            Route route = ParseRoute(page.new_url.substr(hash));
            page.new_url.clear();
            controller.Navigate(route);
            ImGui::EndChild();
            ImGui::PopStyleColor();
            return;
        }
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Done"))) page.new_url.clear();
    ImGui::SameLine();
    TextItem(tr("Copy it now: it will not be shown again."));
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void DrawLinkTable(AppState& state, AppController& controller, const char* id,
                   const std::vector<api::KioskLink>& links) {
    KioskLinksState& page = state.kiosk_links;
    const Translator& tr = state.tr;
    double now = controller.EpochSeconds();
    ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(id, 7, flags)) return;
    ImGui::TableSetupColumn(tr("Name"), 0, 1.3f);
    ImGui::TableSetupColumn(tr("Scope"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Theme"), 0, 0.6f);
    ImGui::TableSetupColumn(tr("Expires"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Created"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Last used"), 0, 1.0f);
    ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, 120.0f);
    ImGui::TableHeadersRow();
    for (const api::KioskLink& link : links) {
        ImGui::PushID(static_cast<int>(link.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        TextItem(link.name);
        ImGui::TableNextColumn();
        TextItem(ScopeText(tr, link));
        ImGui::TableNextColumn();
        TextItem(link.theme == "light" ? tr("Light") : tr("Dark"));
        ImGui::TableNextColumn();
        TextItem(link.expires_at ? LinkTime(tr, *link.expires_at) : std::string(tr("Never")));
        ImGui::TableNextColumn();
        TextItem(LinkTime(tr, link.created_at));
        ImGui::TableNextColumn();
        TextItem(link.last_used_at ? LinkTime(tr, *link.last_used_at) : std::string(tr("Never")));
        ImGui::TableNextColumn();
        if (link.revoked_at) {
            TextItem(tr("Revoked"));
        } else if (link.expires_at && static_cast<double>(*link.expires_at) <= now) {
            TextItem(tr("Expired"));
        } else {
            ImGui::BeginDisabled(page.revoke.busy());
            if (ActionButton(tr("Revoke"))) RevokeLink(state, controller, link.id);
            ImGui::EndDisabled();
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

}  // namespace

std::span<const TextPair> KioskLinksTexts() {
    return kTexts;
}

void DrawKioskLinks(AppState& state, AppController& controller) {
    KioskLinksState& page = state.kiosk_links;
    const Translator& tr = state.tr;
    HeadingItem(state, tr("Kiosk links"));
    MutedText(
        tr("A kiosk link shows the rooms' live status on a wall display, without signing in."));
    // Like agent tokens: the account's admins and the operators.
    if (!state.CanEdit() && !state.IsOperator()) {
        MutedText(tr("Kiosk links are managed by the account's admins."));
        return;
    }
    DrawForm(state, controller);
    if (!page.new_url.empty()) DrawNewLink(state, controller);
    if (page.links_for != state.account.id || page.partner_for != PartnerOrg(state)) {
        LoadLinks(state, controller);
    }
    if (DrawRemoteStatus(state, page.links, "the kiosk links", controller)) {
        if (page.links.value->empty()) {
            EmptyState(state, "No kiosk link yet.",
                       "A kiosk link shows the rooms' live state on a wall display, without a "
                       "sign-in: create one with the form above.");
        } else {
            DrawLinkTable(state, controller, "kiosk-links", *page.links.value);
        }
    }
    if (page.partner_for != 0 &&
        DrawRemoteStatus(state, page.partner_links, "the partner's kiosk links", controller) &&
        !page.partner_links.value->empty()) {
        DrawLinkTable(state, controller, "partner-kiosk-links", *page.partner_links.value);
    }
    SubmissionError(state, page.revoke);
}

}  // namespace portal::app
