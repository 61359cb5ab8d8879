// The navigation shell every page sits in: a top bar (account switcher, language, user menu),
// the left navigation and a banner that says when the server cannot be reached.
#include <imgui.h>

#include <cmath>
#include <string>

#include "app/a11y.h"
#include "app/route.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr float kTopBarHeight = 48.0f;
constexpr float kNavWidth = 220.0f;

constexpr Page kNavPages[] = {Page::Overview, Page::ServiceOrders, Page::Rooms,
                              Page::Devices,  Page::Insights,      Page::Alerts,
                              Page::Support,  Page::People,        Page::Catalogue};

constexpr TextPair kTexts[] = {
    {"Service Portal", "Portail de services"},
    {"Main navigation", "Navigation principale"},
    {"Overview", "Vue d'ensemble"},
    {"Service Orders", "Commandes de services"},
    {"Rooms", "Salles"},
    {"Devices", "Appareils"},
    {"Insights", "Insights"},
    {"Alerts", "Alertes"},
    {"Support", "Support"},
    {"Support queue", "File du support"},
    {"Read-only: vendor support view of {0}. Every page read here is written to the account's "
     "audit log.",
     "Lecture seule : vue du support éditeur sur {0}. Chaque page lue ici est inscrite au "
     "journal d'audit du compte."},
    {"Leave", "Quitter"},
    {"People & access", "Personnes et accès"},
    {"Order intake", "Saisie des commandes"},
    {"Invitation", "Invitation"},
    {"Kiosk", "Kiosque"},
    {"Page not found", "Page introuvable"},
    {"Not signed in", "Non connecté"},
    {"Offline", "Hors ligne"},
    {"Sign out", "Se déconnecter"},
    {"Signed in as {0}", "Connecté en tant que {0}"},
    {"Operator", "Opérateur"},
    {"Account", "Compte"},
    {"{0} rooms · {1} licenses free · {2} ending within 60 days",
     "{0} salles · {1} licences libres · {2} finissant sous 60 jours"},
    {"admin", "administrateur"},
    {"read-only", "lecture seule"},
    {"The server cannot be reached. Nothing is lost;",
     "Le serveur est injoignable. Rien n'est perdu ;"},
    {"retrying in {0} s.", "nouvel essai dans {0} s."},
    {"retrying now.", "nouvel essai maintenant."},
    {"Retry now", "Réessayer maintenant"},
    {"Signing in…", "Connexion…"},
    {"your session", "votre session"},
    {"No account is shared with you yet.", "Aucun compte ne vous est encore partagé."},
    {"your accounts", "vos comptes"},
    {"the account", "le compte"},
    {"Catalogue", "Catalogue"},
    {"Service Portal {0} · database {1} (schema {2})",
     "Portail de services {0} · base de données {1} (schéma {2})"},
};

const char* RoleLabel(const Translator& tr, const std::string& role) {
    return role == "admin" ? tr("admin") : tr("read-only");
}

// "Northwind HQ — 12 rooms · 40 licenses free · 1 ending within 60 days": what a partner needs
// to pick the customer that needs attention.
std::string HealthLine(const Translator& tr, const AccountSummary& account) {
    return Format(tr("{0} rooms · {1} licenses free · {2} ending within 60 days"),
                  {FormatCount(tr.language(), account.rooms),
                   FormatCount(tr.language(), account.licenses_free),
                   std::to_string(account.contracts_ending_soon)});
}

void DrawAccountSwitcher(AppState& state, AppController& controller) {
    if (!state.accounts.value || state.accounts.value->empty()) return;
    const AccountSummary* current = state.CurrentAccount();
    std::string preview = current ? current->name : std::string(state.tr("Account"));
    ImGui::SetNextItemWidth(260.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().imgui[ImGuiCol_Text]);
    if (ImGui::BeginCombo("##account", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        // The list is a light popup: the page's focus ring, not the top bar's.
        ImGui::PushStyleColor(ImGuiCol_NavHighlight, theme::Colors().imgui[ImGuiCol_NavHighlight]);
        for (const AccountSummary& account : *state.accounts.value) {
            ImGui::PushID(static_cast<int>(account.id));
            bool selected = current && current->id == account.id;
            std::string label = account.name + "  (" + RoleLabel(state.tr, account.role) + ")";
            if (ImGui::Selectable(label.c_str(), selected)) controller.SwitchAccount(account.id);
            ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().muted_text);
            ImGui::Indent();
            TextItem(HealthLine(state.tr, account));
            ImGui::Unindent();
            ImGui::PopStyleColor();
            ImGui::PopID();
        }
        ImGui::PopStyleColor();
        ImGui::EndCombo();
    }
    NameLastItem(state.tr("Account"));
    ImGui::PopStyleColor();
    if (current && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", HealthLine(state.tr, *current).c_str());
}

void DrawLanguageSwitch(AppState& state, AppController& controller) {
    // Each language named in itself, so that someone who reads only one of them finds it.
    for (auto [language, name] :
         {std::pair{Language::English, "English"}, std::pair{Language::French, "Français"}}) {
        bool current = state.tr.language() == language;
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, current ? theme::Colors().top_bar_text
                                                     : theme::Colors().top_bar_muted_text);
        ImGui::PushStyleColor(ImGuiCol_Header, theme::Colors().top_bar_selected);
        ImGui::PushStyleColor(ImGuiCol_HeaderHovered, theme::Colors().top_bar_hovered);
        // 24 px tall, its text centred: the least target size (WCAG 2.5.8).
        ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.5f, 0.5f));
        bool pressed =
            ImGui::Selectable(name, current, 0, ImVec2(ImGui::CalcTextSize(name).x + 4.0f, 24.0f));
        ImGui::PopStyleVar();
        if (pressed && !current) {
            controller.SetLanguage(language);
        }
        ImGui::PopStyleColor(3);
    }
}

void DrawUserMenu(AppState& state, AppController& controller) {
    const api::Me& me = *state.me.value;
    std::string label = (me.user.name.empty() ? me.user.email : me.user.name) + "##user";
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().imgui[ImGuiCol_Text]);
    if (ImGui::Button(label.c_str())) ImGui::OpenPopup("user-menu");
    bool open = ImGui::IsPopupOpen("user-menu");
    a11y::AddStates(open ? a11y::state::kExpanded : a11y::state::kCollapsed);
    if (ImGui::BeginPopup("user-menu")) {
        ImGui::PushStyleColor(ImGuiCol_NavHighlight, theme::Colors().imgui[ImGuiCol_NavHighlight]);
        MutedText(Format(state.tr("Signed in as {0}"), {me.user.email}));
        if (me.is_operator) MutedText(state.tr("Operator"));
        ImGui::Separator();
        if (ImGui::Selectable(state.tr("Sign out"))) controller.SignOut();
        a11y::SetRole(a11y::Role::MenuItem);
        if (EscapePressed()) ImGui::CloseCurrentPopup();
        ImGui::PopStyleColor();
        ImGui::EndPopup();
    }
    ImGui::PopStyleColor();
}

void DrawTopBar(AppState& state, AppController& controller) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().top_bar);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().top_bar_text);
    // The focus ring drawn on the dark bar (3:1 against it).
    ImGui::PushStyleColor(ImGuiCol_NavHighlight, theme::Colors().top_bar_focus);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(12, 0));
    ImGui::BeginChild("topbar", ImVec2(0, kTopBarHeight), ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NoScrollbar);
    a11y::BeginLandmark(a11y::Landmark::Banner, "");
    float text_height = state.fonts.heading ? ImGui::GetFontSize() * 1.4f : ImGui::GetFontSize();
    ImGui::SetCursorPosY((kTopBarHeight - text_height) * 0.5f);
    // The portal's name, not a heading: each page's title is its one level-1 heading.
    HeadingItem(state, state.tr("Service Portal"), 0);

    bool signed_in = state.me.value.has_value();
    if (signed_in) {
        ImGui::SameLine(kNavWidth + 8.0f);
        ImGui::SetCursorPosY((kTopBarHeight - ImGui::GetFrameHeight()) * 0.5f);
        DrawAccountSwitcher(state, controller);
    }

    // Right side, laid out from the right edge.
    float right = ImGui::GetWindowWidth() - 16.0f;
    float user_width = 0;
    if (signed_in) {
        const api::Me& me = *state.me.value;
        std::string name = (me.user.name.empty() ? me.user.email : me.user.name);
        user_width = ImGui::CalcTextSize(name.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    } else {
        user_width =
            ImGui::CalcTextSize(state.offline ? state.tr("Offline") : state.tr("Not signed in")).x;
    }
    float languages_width =
        ImGui::CalcTextSize("English").x + ImGui::CalcTextSize("Français").x + 12.0f;
    if (signed_in && state.offline) {
        // Signed in, the user menu takes the corner: the lost connection is said beside it.
        float offline_width = ImGui::CalcTextSize(state.tr("Offline")).x;
        ImGui::SameLine(right - user_width - languages_width - offline_width - 48.0f);
        ImGui::SetCursorPosY((kTopBarHeight - ImGui::GetTextLineHeight()) * 0.5f);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().top_bar_warning);
        TextItem(state.tr("Offline"));
        ImGui::PopStyleColor();
    }
    ImGui::SameLine(right - user_width - languages_width - 24.0f);
    ImGui::SetCursorPosY((kTopBarHeight - 24.0f) * 0.5f);  // the switch's 24 px targets
    ImGui::Dummy(ImVec2(0, 0));
    DrawLanguageSwitch(state, controller);
    ImGui::SameLine(right - user_width);
    if (signed_in) {
        ImGui::SetCursorPosY((kTopBarHeight - ImGui::GetFrameHeight()) * 0.5f);
        DrawUserMenu(state, controller);
    } else {
        ImGui::SetCursorPosY((kTopBarHeight - ImGui::GetTextLineHeight()) * 0.5f);
        TextItem(state.offline ? state.tr("Offline") : state.tr("Not signed in"));
    }
    a11y::EndLandmark();
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(3);
}

void NavEntry(AppState& state, AppController& controller, Page page) {
    bool selected = state.route.page == page;
    ImGui::PushID(static_cast<int>(page));
    if (ImGui::Selectable(state.tr(PageTitle(page)), selected, 0, ImVec2(0, 30)) && !selected) {
        controller.Navigate({page, ""});
    }
    // A link to the page's URL, the current page marked (aria-current="page").
    a11y::SetRole(a11y::Role::Link);
    a11y::SetLink(FormatRoute({page, "", state.account.id}));
    if (selected) a11y::AddStates(a11y::state::kCurrent);
    if (selected) {
        // An accent bar marks the current page for those who cannot tell the tint apart.
        ImVec2 min = ImGui::GetItemRectMin();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(min.x - 10, min.y),
                                                  ImVec2(min.x - 6, ImGui::GetItemRectMax().y),
                                                  ImGui::GetColorU32(theme::Colors().accent));
    }
    ImGui::PopID();
}

// The foot of the navigation: which portal and database answer (GET /health), for a support
// call. Nothing while the health check has not answered (the banner says a lost server).
void DrawAbout(const AppState& state) {
    if (!state.health.value) return;
    const api::Health& health = *state.health.value;
    std::string line = Format(
        state.tr("Service Portal {0} · database {1} (schema {2})"),
        {health.version, health.database.state, std::to_string(health.database.schema_version)});
    float height = ImGui::GetTextLineHeight() * 3.0f;
    float bottom = ImGui::GetWindowHeight() - height - 8.0f;
    if (ImGui::GetCursorPosY() < bottom) ImGui::SetCursorPosY(bottom);
    ImGui::PushTextWrapPos(0.0f);
    MutedText(line);
    ImGui::PopTextWrapPos();
}

void DrawNavigation(AppState& state, AppController& controller) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().nav_background);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 12));
    ImGui::BeginChild("nav", ImVec2(kNavWidth, 0), ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    a11y::BeginLandmark(a11y::Landmark::Navigation, state.tr("Main navigation"));
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 2));
    if (state.me.value) {
        for (Page page : kNavPages) NavEntry(state, controller, page);
        if (state.IsOperator()) {
            NavEntry(state, controller, Page::SupportQueue);
            NavEntry(state, controller, Page::Intake);
        }
    }
    ImGui::PopStyleVar(2);
    DrawAbout(state);
    a11y::EndLandmark();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// Shown above every page while the server cannot be reached.
void DrawOfflineBanner(AppState& state, AppController& controller) {
    double next = 0;
    for (const RemoteBase* remote :
         {static_cast<const RemoteBase*>(&state.health), static_cast<const RemoteBase*>(&state.me),
          static_cast<const RemoteBase*>(&state.account.state)}) {
        if (remote->retry_at > 0 && (next == 0 || remote->retry_at < next)) next = remote->retry_at;
    }
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().banner_background);
    ImGui::BeginChild("banner", ImVec2(0, ImGui::GetFrameHeightWithSpacing() + 16),
                      ImGuiChildFlags_AlwaysUseWindowPadding, ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    std::string text = state.tr("The server cannot be reached. Nothing is lost;");
    int seconds = next > 0 ? static_cast<int>(std::ceil(next - controller.Now())) : 0;
    text += " ";
    text += seconds > 0 ? Format(state.tr("retrying in {0} s."), {std::to_string(seconds)})
                        : std::string(state.tr("retrying now."));
    TextItem(text);
    ImGui::SameLine();
    if (ImGui::Button(state.tr("Retry now"))) controller.RetryNow();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// Shown above every page while an operator reads an account read-only for support: which
// account, that it is read-only and audited, and the way back to the queue.
void DrawSupportViewBanner(AppState& state, AppController& controller) {
    const AccountSummary* account = state.CurrentAccount();
    if (!account) return;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().support_view_background);
    ImGui::BeginChild("support-view", ImVec2(0, 0),
                      ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    TextItem(Format(state.tr("Read-only: vendor support view of {0}. Every page read here is "
                             "written to the account's audit log."),
                    {account->name}));
    ImGui::SameLine();
    if (ImGui::Button(state.tr("Leave"))) controller.LeaveSupportView();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::Spacing();
}

void DrawAccountPage(AppState& state, AppController& controller) {
    switch (state.route.page) {
        case Page::Overview:
            DrawOverviewPage(state, controller);
            break;
        case Page::ServiceOrders:
            DrawOrdersPage(state, controller);
            break;
        case Page::Rooms:
            DrawRoomsPage(state, controller);
            break;
        case Page::Devices:
            DrawDevicesPage(state, controller);
            break;
        case Page::People:
            DrawPeoplePage(state, controller);
            break;
        case Page::Intake:
            DrawIntakePage(state, controller);
            break;
        case Page::Insights:
            DrawInsightsPage(state, controller);
            break;
        case Page::Alerts:
            DrawAlertsPage(state, controller);
            break;
        case Page::Support:
            DrawSupportPage(state, controller);
            break;
        case Page::SupportQueue:
            DrawSupportQueuePage(state, controller);
            break;
        case Page::Catalogue:
            DrawCataloguePage(state, controller);
            break;
        case Page::NotFound:
            DrawNotFoundPage(state, controller);
            break;
        default:
            DrawComingPage(state, state.route.page);
            break;
    }
}

void DrawPage(AppState& state, AppController& controller) {
    if (state.route.page == Page::Invite) {
        DrawInvitePage(state, controller);
        return;
    }
    if (!state.me.value) {
        if (state.signed_out) {
            DrawSignInPage(state, controller);
        } else {
            DrawRemoteStatus(state, state.me, "your session", controller);
        }
        return;
    }
    Page page = state.route.page;
    bool needs_account = page == Page::ServiceOrders || page == Page::Rooms ||
                         page == Page::Devices || page == Page::People || page == Page::Insights ||
                         page == Page::Alerts || page == Page::Support;
    if (needs_account) {
        if (!DrawRemoteStatus(state, state.accounts, "your accounts", controller)) return;
        if (state.accounts.value->empty() && !state.SupportView()) {
            MutedText(state.tr("No account is shared with you yet."));
            return;
        }
    }
    DrawAccountPage(state, controller);
}

}  // namespace

std::span<const TextPair> ShellTexts() {
    return kTexts;
}

const char* PageTitle(Page page) {
    switch (page) {
        case Page::Overview:
            return "Overview";
        case Page::ServiceOrders:
            return "Service Orders";
        case Page::Rooms:
            return "Rooms";
        case Page::Devices:
            return "Devices";
        case Page::Insights:
            return "Insights";
        case Page::Alerts:
            return "Alerts";
        case Page::Support:
            return "Support";
        case Page::SupportQueue:
            return "Support queue";
        case Page::People:
            return "People & access";
        case Page::Intake:
            return "Order intake";
        case Page::Invite:
            return "Invitation";
        case Page::Kiosk:
            return "Kiosk";
        case Page::Catalogue:
            return "Catalogue";
        case Page::NotFound:
            return "Page not found";
    }
    return "";
}

void DrawShell(AppState& state, AppController& controller) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.0f);
    ImGui::Begin("portal", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    DrawTopBar(state, controller);
    DrawNavigation(state, controller);
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 16));
    ImGui::BeginChild("content", ImVec2(0, 0), ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar(4);
    a11y::BeginLandmark(a11y::Landmark::Main, "");
    if (state.offline) DrawOfflineBanner(state, controller);
    if (state.SupportView()) DrawSupportViewBanner(state, controller);
    DrawPage(state, controller);
    a11y::EndLandmark();
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace portal::app
