// The Catalogue page: the service catalogue the server serves (programs, terms, countries,
// supported products), moved off the Overview by issue 16. Every term is shown by its label in
// the user's language (Catalogue::Label), never by its id.
#include <imgui.h>

#include <string>

#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Catalogue", "Catalogue"},
    {"year", "an"},
    {"years", "ans"},
    {"Not available", "Non disponible"},
    {"Available", "Disponible"},
    {"Available · replacement: {0}", "Disponible · remplacement : {0}"},
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
    {"Product", "Produit"},
    {"Category", "Catégorie"},
    {"Refresh", "Actualiser"},
    {"the service catalogue", "le catalogue des services"},
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

std::string ProgramFeatures(const AppState& state, const Program& program) {
    std::string text;
    for (Feature feature : program.features) {
        if (!text.empty()) text += ", ";
        text += CatalogueLabel(state, kFeatureLabels, FeatureId(feature));
    }
    return text;
}

std::string CountryTerms(const AppState& state, const Country& country,
                         const std::string& program) {
    for (const CountryCondition& condition : country.conditions) {
        if (condition.program != program) continue;
        if (!condition.available) return state.tr("Not available");
        if (condition.rma_speed.empty()) return state.tr("Available");
        return Format(state.tr("Available · replacement: {0}"),
                      {CatalogueLabel(state, kRmaSpeedLabels, condition.rma_speed)});
    }
    return "—";
}

void DrawPrograms(const AppState& state, const Catalogue& catalogue) {
    const Translator& tr = state.tr;
    TextItem(tr("Service programs"));
    if (!BeginListTable(
            tr, "programs",
            {{"Program", 1.0f}, {"Terms", 1.0f}, {"Licensed per", 0.8f}, {"Includes", 3.0f}})) {
        return;
    }
    for (const Program& program : catalogue.programs) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(CatalogueLabel(state, kProgramLabels, program.id));
        ImGui::TableNextColumn();
        TextItem(ProgramTerms(tr, catalogue, program));
        ImGui::TableNextColumn();
        TextItem(tr(program.assignable_to_rooms ? "room" : "device"));
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        TextItem(ProgramFeatures(state, program));
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

void DrawCountries(const AppState& state, const Catalogue& catalogue) {
    const Translator& tr = state.tr;
    TextItem(tr("Availability by country"));
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    float height = ImGui::GetTextLineHeightWithSpacing() * 12.0f;
    int columns = 1 + static_cast<int>(catalogue.programs.size());
    if (!ImGui::BeginTable("countries", columns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Country"), 0, 1.2f);
    std::vector<std::string> names;  // alive until the header row is drawn
    for (const Program& program : catalogue.programs) {
        names.push_back(CatalogueLabel(state, kProgramLabels, program.id));
    }
    for (const std::string& name : names) ImGui::TableSetupColumn(name.c_str(), 0, 1.8f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(catalogue.countries.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const Country& country = catalogue.countries[row];
            ImGui::TableNextRow();
            a11y::TableRow(row, static_cast<int>(catalogue.countries.size()));
            ImGui::TableNextColumn();
            TextItem(CatalogueLabel(state, kCountryLabels, country.code));
            for (const Program& program : catalogue.programs) {
                ImGui::TableNextColumn();
                TextItem(CountryTerms(state, country, program.id));
            }
        }
    }
    ImGui::EndTable();
}

void DrawProducts(const AppState& state, const Catalogue& catalogue) {
    const Translator& tr = state.tr;
    TextItem(Format(tr("Supported products ({0})"), {std::to_string(catalogue.products.size())}));
    if (!BeginListTable(tr, "products", {{"Product", 1.0f}, {"Category", 1.0f}})) return;
    for (const Product& product : catalogue.products) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(product.name);
        ImGui::TableNextColumn();
        TextItem(CatalogueLabel(state, kCategoryLabels, product.category));
    }
    ImGui::EndTable();
}

}  // namespace

std::span<const TextPair> CatalogueTexts() {
    return kTexts;
}

void DrawCataloguePage(AppState& state, AppController& controller) {
    HeadingItem(state, state.tr("Catalogue"), 1);
    ImGui::SameLine(ImGui::GetContentRegionMax().x - 90.0f);
    ImGui::BeginDisabled(state.catalogue.loading());  // never send the same request twice
    if (ImGui::Button(state.tr("Refresh"), ImVec2(90.0f, 0))) controller.Refresh();
    ImGui::EndDisabled();
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, state.catalogue, "the service catalogue", controller)) return;
    // The server went away after the catalogue came: say that this is what was loaded then.
    if (state.offline && state.catalogue.failure != api::Failure::Network) {
        MutedText(state.tr("Shown as last loaded: the server cannot be reached right now."));
    }
    const Catalogue& catalogue = *state.catalogue.value;
    DrawPrograms(state, catalogue);
    ImGui::Spacing();
    DrawCountries(state, catalogue);
    ImGui::Spacing();
    DrawProducts(state, catalogue);
}

}  // namespace portal::app
