// Overview: the first page. Shows that the portal and its server are up (version, database)
// and the service catalogue the server serves: programs, terms, countries, supported products.
#include <imgui.h>

#include <string>

#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

std::string ProgramTerms(const Catalogue& catalogue, const Program& program) {
    std::string years;
    for (const Sku& sku : catalogue.skus) {
        if (sku.program != program.id) continue;
        if (!years.empty()) years += ", ";
        years += std::to_string(sku.term_years);
    }
    return years.empty() ? "—" : years + (years == "1" ? " year" : " years");
}

std::string ProgramFeatures(const Program& program) {
    std::string text;
    for (Feature feature : program.features) {
        if (!text.empty()) text += ", ";
        text += FeatureId(feature);
    }
    return text;
}

std::string CountryTerms(const Country& country, const std::string& program) {
    for (const CountryCondition& condition : country.conditions) {
        if (condition.program != program) continue;
        if (!condition.available) return "Not available";
        return condition.rma_speed.empty() ? "Available" : "Available · RMA " + condition.rma_speed;
    }
    return "—";
}

void DrawServerStatus(AppState& state, AppController& controller) {
    if (!DrawRemoteStatus(state.health, "server status", controller)) return;
    const api::Health& health = *state.health.value;
    std::string line = "Server " + health.version + " · database " + health.database.state +
                       " (schema " + std::to_string(health.database.schema_version) + ")";
    MutedText(line.c_str());
}

void DrawPrograms(const Catalogue& catalogue) {
    TextItem("Service programs");
    ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("programs", 4, flags)) return;
    ImGui::TableSetupColumn("Program", 0, 1.0f);
    ImGui::TableSetupColumn("Terms", 0, 1.0f);
    ImGui::TableSetupColumn("Licensed per", 0, 0.8f);
    ImGui::TableSetupColumn("Includes", 0, 3.0f);
    ImGui::TableHeadersRow();
    for (const Program& program : catalogue.programs) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(program.name);
        ImGui::TableNextColumn();
        TextItem(ProgramTerms(catalogue, program));
        ImGui::TableNextColumn();
        TextItem(program.assignable_to_rooms ? "room" : "device");
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", ProgramFeatures(program).c_str());
    }
    ImGui::EndTable();
}

void DrawCountries(const Catalogue& catalogue) {
    TextItem("Availability by country");
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    float height = ImGui::GetTextLineHeightWithSpacing() * 10.0f;
    int columns = 1 + static_cast<int>(catalogue.programs.size());
    if (!ImGui::BeginTable("countries", columns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Country", 0, 1.2f);
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
                TextItem(CountryTerms(country, program.id));
            }
        }
    }
    ImGui::EndTable();
}

void DrawProducts(const Catalogue& catalogue) {
    std::string title = "Supported products (" + std::to_string(catalogue.products.size()) + ")";
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

void DrawOverviewPage(AppState& state, AppController& controller) {
    HeadingItem(state, "Overview");
    bool busy = state.health.loading() || state.catalogue.loading();
    ImGui::SameLine(ImGui::GetContentRegionMax().x - 90.0f);
    ImGui::BeginDisabled(busy);  // never send the same request twice
    if (ImGui::Button("Refresh", ImVec2(90.0f, 0))) controller.Refresh();
    ImGui::EndDisabled();
    DrawServerStatus(state, controller);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (!DrawRemoteStatus(state.catalogue, "the service catalogue", controller)) return;
    const Catalogue& catalogue = *state.catalogue.value;
    DrawPrograms(catalogue);
    ImGui::Spacing();
    DrawCountries(catalogue);
    ImGui::Spacing();
    DrawProducts(catalogue);
}

}  // namespace portal::app
