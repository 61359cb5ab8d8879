#include "core/catalogue.h"

#include <algorithm>
#include <set>

namespace portal {

namespace {

struct FeatureName {
    Feature feature;
    const char* id;
};

constexpr FeatureName kFeatureNames[] = {
    {Feature::Insights, "insights"},
    {Feature::Alerts, "alerts"},
    {Feature::Support, "support"},
    {Feature::Warranty, "warranty"},
    {Feature::Rma, "rma"},
    {Feature::Spares, "spares"},
    {Feature::SuccessManager, "success-manager"},
};

template <class T, class Key>
const T* FindBy(const std::vector<T>& items, const std::string& value, Key key) {
    auto it =
        std::find_if(items.begin(), items.end(), [&](const T& item) { return item.*key == value; });
    return it == items.end() ? nullptr : &*it;
}

template <class T, class Key>
void CheckUnique(const std::vector<T>& items, Key key, const char* list,
                 std::vector<CatalogueProblem>& problems) {
    std::set<std::string> seen;
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string& id = items[i].*key;
        std::string path = std::string(list) + "[" + std::to_string(i) + "]";
        if (id.empty()) {
            problems.push_back({path, "is missing its id"});
        } else if (!seen.insert(id).second) {
            problems.push_back({path, "repeats the id \"" + id + "\""});
        }
    }
}

}  // namespace

const char* FeatureId(Feature feature) {
    for (const auto& entry : kFeatureNames) {
        if (entry.feature == feature) return entry.id;
    }
    return "unknown";
}

bool FeatureFromId(const std::string& id, Feature& out) {
    for (const auto& entry : kFeatureNames) {
        if (id == entry.id) {
            out = entry.feature;
            return true;
        }
    }
    return false;
}

const Program* Catalogue::FindProgram(const std::string& id) const {
    return FindBy(programs, id, &Program::id);
}
const Sku* Catalogue::FindSku(const std::string& id) const {
    return FindBy(skus, id, &Sku::id);
}
const Product* Catalogue::FindProduct(const std::string& id) const {
    return FindBy(products, id, &Product::id);
}
const Country* Catalogue::FindCountry(const std::string& code) const {
    return FindBy(countries, code, &Country::code);
}

std::vector<CatalogueProblem> CheckCatalogue(const Catalogue& catalogue) {
    std::vector<CatalogueProblem> problems;
    CheckUnique(catalogue.programs, &Program::id, "programs", problems);
    CheckUnique(catalogue.skus, &Sku::id, "skus", problems);
    CheckUnique(catalogue.products, &Product::id, "products", problems);
    CheckUnique(catalogue.countries, &Country::code, "countries", problems);

    if (catalogue.programs.empty()) problems.push_back({"programs", "lists no program"});
    // The whole-state check packs (room, program) into one key (check.cpp).
    if (catalogue.programs.size() > 64) {
        problems.push_back({"programs", "lists more than 64 programs"});
    }
    for (size_t i = 0; i < catalogue.skus.size(); ++i) {
        const Sku& sku = catalogue.skus[i];
        std::string path = "skus[" + std::to_string(i) + "]";
        if (!catalogue.FindProgram(sku.program)) {
            problems.push_back(
                {path + ".program", "names unknown program \"" + sku.program + "\""});
        }
        // R-SKU-2: terms are whole years; no program is sold for more than five.
        if (sku.term_years < 1 || sku.term_years > 5) {
            problems.push_back({path + ".termYears", "must be between 1 and 5"});
        }
    }
    for (size_t i = 0; i < catalogue.countries.size(); ++i) {
        const Country& country = catalogue.countries[i];
        std::string path = "countries[" + std::to_string(i) + "]";
        if (country.code.size() != 2) {
            problems.push_back({path + ".code", "must be a two-letter ISO country code"});
        }
        for (size_t c = 0; c < country.conditions.size(); ++c) {
            const std::string& program = country.conditions[c].program;
            if (!catalogue.FindProgram(program)) {
                problems.push_back({path + ".programs." + program, "names an unknown program"});
            }
        }
    }
    const CatalogueRules& rules = catalogue.rules;
    if (rules.start_grace_days < 0) problems.push_back({"rules.startGraceDays", "must be >= 0"});
    if (rules.cancellation_days < 0) problems.push_back({"rules.cancellationDays", "must be >= 0"});
    if (rules.warranty_cap_years < 1)
        problems.push_back({"rules.warrantyCapYears", "must be >= 1"});
    if (rules.rooms_per_spares_pool < 1) {
        problems.push_back({"rules.roomsPerSparesPool", "must be >= 1"});
    }
    return problems;
}

}  // namespace portal
