// Overview: the first page. Shows that the portal and its server are up (version, database)
// and the service catalogue the server serves: programs, terms, countries, supported products.
#include <imgui.h>

#include <string>

#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"year", "an"},
    {"years", "ans"},
    {"Not available", "Non disponible"},
    {"Available", "Disponible"},
    {"server status", "l'état du serveur"},
    {"Server {0} · database {1} (schema {2})", "Serveur {0} · base de données {1} (schéma {2})"},
    {"Service programs", "Programmes de service"},
    {"Program", "Programme"},
    {"Terms", "Durées"},
    {"Licensed per", "Licence par"},
    {"Includes", "Comprend"},
    {"room", "salle"},
    {"device", "appareil"},
    {"Availability by country", "Disponibilité par pays"},
    {"Country", "Pays"},
    {"Supported products ({0})", "Produits pris en charge ({0})"},
    {"Overview", "Vue d'ensemble"},
    {"Refresh", "Actualiser"},
    {"the service catalogue", "le catalogue des services"},
    {"Open Alerts", "Ouvrir les alertes"},
};

std::string ProgramTerms(const Translator& tr, const Catalogue& catalogue, const Program& program) {
    std::string years;
    for (const Sku& sku : catalogue.skus) {
        if (sku.program != program.id) continue;
        if (!years.empty()) years += ", ";
        years += std::to_string(sku.term_years);
    }
    return years.empty() ? "—" : years + " " + tr(years == "1" ? "year" : "years");
}

std::string ProgramFeatures(const Program& program) {
    std::string text;
    for (Feature feature : program.features) {
        if (!text.empty()) text += ", ";
        text += FeatureId(feature);
    }
    return text;
}

std::string CountryTerms(const Translator& tr, const Country& country, const std::string& program) {
    for (const CountryCondition& condition : country.conditions) {
        if (condition.program != program) continue;
        if (!condition.available) return tr("Not available");
        return condition.rma_speed.empty()
                   ? std::string(tr("Available"))
                   : tr("Available") + std::string(" · RMA ") + condition.rma_speed;
    }
    return "—";
}

void DrawServerStatus(AppState& state, AppController& controller) {
    if (!DrawRemoteStatus(state, state.health, "server status", controller)) return;
    const api::Health& health = *state.health.value;
    std::string line = Format(
        state.tr("Server {0} · database {1} (schema {2})"),
        {health.version, health.database.state, std::to_string(health.database.schema_version)});
    MutedText(line.c_str());
}

// The account's firing alerts (the sum over its rooms of the live status), with the way there.
void DrawAlertCount(AppState& state, AppController& controller) {
    int firing = FiringAlertCount(state);
    if (state.account.id == 0 || firing < 0) return;
    ImGui::AlignTextToFramePadding();
    if (firing > 0) ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
    TextItem(FiringAlertsText(state.tr, firing));
    if (firing > 0) ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::Button(state.tr("Open Alerts"))) controller.Navigate({Page::Alerts, ""});
}

void DrawPrograms(const Translator& tr, const Catalogue& catalogue) {
    TextItem(tr("Service programs"));
    ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("programs", 4, flags)) return;
    ImGui::TableSetupColumn(tr("Program"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Terms"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Licensed per"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("Includes"), 0, 3.0f);
    ImGui::TableHeadersRow();
    for (const Program& program : catalogue.programs) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(program.name);
        ImGui::TableNextColumn();
        TextItem(ProgramTerms(tr, catalogue, program));
        ImGui::TableNextColumn();
        TextItem(tr(program.assignable_to_rooms ? "room" : "device"));
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", ProgramFeatures(program).c_str());
    }
    ImGui::EndTable();
}

void DrawCountries(const Translator& tr, const Catalogue& catalogue) {
    TextItem(tr("Availability by country"));
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    float height = ImGui::GetTextLineHeightWithSpacing() * 10.0f;
    int columns = 1 + static_cast<int>(catalogue.programs.size());
    if (!ImGui::BeginTable("countries", columns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Country"), 0, 1.2f);
    for (const Program& program : catalogue.programs) {
        ImGui::TableSetupColumn(program.name.c_str(), 0, 1.6f);
    }
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(catalogue.countries.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const Country& country = catalogue.countries[row];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            TextItem(country.name);
            for (const Program& program : catalogue.programs) {
                ImGui::TableNextColumn();
                TextItem(CountryTerms(tr, country, program.id));
            }
        }
    }
    ImGui::EndTable();
}

void DrawProducts(const Translator& tr, const Catalogue& catalogue) {
    std::string title =
        Format(tr("Supported products ({0})"), {std::to_string(catalogue.products.size())});
    TextItem(title);
    std::string names;
    for (const Product& product : catalogue.products) {
        if (!names.empty()) names += " · ";
        names += product.name;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    ImGui::TextWrapped("%s", names.c_str());
    ImGui::PopStyleColor();
}

}  // namespace

std::span<const TextPair> OverviewTexts() {
    return kTexts;
}

void DrawOverviewPage(AppState& state, AppController& controller) {
    HeadingItem(state, state.tr("Overview"));
    bool busy = state.health.loading() || state.catalogue.loading();
    ImGui::SameLine(ImGui::GetContentRegionMax().x - 90.0f);
    ImGui::BeginDisabled(busy);  // never send the same request twice
    if (ImGui::Button(state.tr("Refresh"), ImVec2(90.0f, 0))) controller.Refresh();
    ImGui::EndDisabled();
    DrawServerStatus(state, controller);
    DrawAlertCount(state, controller);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, state.catalogue, "the service catalogue", controller)) return;
    const Catalogue& catalogue = *state.catalogue.value;
    DrawPrograms(state.tr, catalogue);
    ImGui::Spacing();
    DrawCountries(state.tr, catalogue);
    ImGui::Spacing();
    DrawProducts(state.tr, catalogue);
}

}  // namespace portal::app
