#include "core/catalogue.h"

#include <algorithm>
#include <set>

#include "core/support.h"

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

// Issue 14, R-SUP-3: the support levels tickets get, their hours and targets.
void CheckServiceLevels(const Catalogue& catalogue, std::vector<CatalogueProblem>& problems) {
    using support::Severity;
    CheckUnique(catalogue.service_levels, &ServiceLevelSpec::id, "serviceLevels", problems);
    for (const char* id :
         {support::kSelectLevel, support::kJumpstartLevel, support::kStandardLevel}) {
        if (!catalogue.FindServiceLevel(id)) {
            problems.push_back(
                {"serviceLevels", std::string("is missing the level \"") + id + "\""});
        }
    }
    for (size_t i = 0; i < catalogue.service_levels.size(); ++i) {
        const ServiceLevelSpec& level = catalogue.service_levels[i];
        std::string path = "serviceLevels[" + std::to_string(i) + "]";
        if (level.name.empty()) problems.push_back({path + ".name", "must not be empty"});
        if (level.name_fr.empty()) problems.push_back({path + ".nameFr", "must not be empty"});
        if (!level.program.empty() && !catalogue.FindProgram(level.program)) {
            problems.push_back(
                {path + ".program", "names unknown program \"" + level.program + "\""});
        }
        // ChooseServiceLevel grants select by its program and jumpstart by its setup days.
        if (level.id == support::kSelectLevel && level.program.empty()) {
            problems.push_back({path + ".program", "must name the program that grants it"});
        }
        if (level.setup_days < 0) problems.push_back({path + ".setupDays", "must be >= 0"});
        if (level.id == support::kJumpstartLevel && level.setup_days < 1) {
            problems.push_back({path + ".setupDays", "must be >= 1"});
        }
        const BusinessHours& hours = level.hours;
        if (!hours.always) {
            if (hours.weekdays.empty()) {
                problems.push_back({path + ".hours.weekdays", "lists no day"});
            }
            for (size_t d = 0; d < hours.weekdays.size(); ++d) {
                if (hours.weekdays[d] < 1 || hours.weekdays[d] > 7) {
                    problems.push_back({path + ".hours.weekdays[" + std::to_string(d) + "]",
                                        "must be 1 (Monday) to 7 (Sunday)"});
                }
            }
            if (hours.start_minute < 0 || hours.start_minute >= 24 * 60) {
                problems.push_back({path + ".hours.start", "must be from 00:00 to 23:59"});
            }
            if (hours.end_minute > 24 * 60 || hours.end_minute <= hours.start_minute) {
                problems.push_back(
                    {path + ".hours.end", "must be after start, 24:00 at the latest"});
            }
        }
        std::set<std::string> severities;
        for (size_t t = 0; t < level.targets.size(); ++t) {
            const ServiceTarget& target = level.targets[t];
            std::string at = path + ".targets[" + std::to_string(t) + "]";
            Severity severity;
            if (!support::SeverityFromId(target.severity, severity)) {
                problems.push_back(
                    {at + ".severity", "names unknown severity \"" + target.severity + "\""});
            } else if (!severities.insert(target.severity).second) {
                problems.push_back({at + ".severity", "repeats \"" + target.severity + "\""});
            }
            if (target.first_response_minutes < 1) {
                problems.push_back({at + ".firstResponseMinutes", "must be >= 1"});
            }
            if (target.resolution_minutes < 1) {
                problems.push_back({at + ".resolutionMinutes", "must be >= 1"});
            }
        }
        for (Severity severity :
             {Severity::Critical, Severity::High, Severity::Normal, Severity::Low}) {
            if (!level.FindTarget(support::SeverityId(severity))) {
                problems.push_back(
                    {path + ".targets", std::string("has no target for severity \"") +
                                            support::SeverityId(severity) + "\""});
            }
        }
    }
}

// Issue 16: every term users read has a label in English and French, so no id reaches a page.
void CheckLabels(const Catalogue& catalogue, std::vector<CatalogueProblem>& problems) {
    auto require = [&](std::string_view kind, const std::string& id) {
        std::string path = "labels." + std::string(kind) + "." + id;
        auto terms = catalogue.labels.find(kind);
        const LabelPair* label = nullptr;
        if (terms != catalogue.labels.end()) {
            auto found = terms->second.find(id);
            if (found != terms->second.end()) label = &found->second;
        }
        if (!label) {
            problems.push_back({path, "is missing"});
            return;
        }
        if (label->en.empty()) problems.push_back({path + ".en", "must not be empty"});
        if (label->fr.empty()) problems.push_back({path + ".fr", "must not be empty"});
    };
    std::set<std::string> features, speeds, categories;
    for (const Program& program : catalogue.programs) {
        for (Feature feature : program.features) features.insert(FeatureId(feature));
    }
    for (const Country& country : catalogue.countries) {
        for (const CountryCondition& condition : country.conditions) {
            if (!condition.rma_speed.empty()) speeds.insert(condition.rma_speed);
        }
    }
    for (const Product& product : catalogue.products) {
        if (!product.category.empty()) categories.insert(product.category);
    }
    for (const std::string& id : features) require(kFeatureLabels, id);
    for (const std::string& id : speeds) require(kRmaSpeedLabels, id);
    for (const std::string& id : categories) require(kCategoryLabels, id);
    for (size_t i = 0; i < catalogue.programs.size(); ++i) {
        if (catalogue.programs[i].name_fr.empty()) {
            problems.push_back({"programs[" + std::to_string(i) + "].nameFr", "must not be empty"});
        }
    }
    for (size_t i = 0; i < catalogue.countries.size(); ++i) {
        const Country& country = catalogue.countries[i];
        std::string path = "countries[" + std::to_string(i) + "]";
        if (country.name.empty()) problems.push_back({path + ".name", "must not be empty"});
        if (country.name_fr.empty()) problems.push_back({path + ".nameFr", "must not be empty"});
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
namespace {
// Lower-case ASCII without whitespace: the form two spellings of one product name share.
std::string Squeezed(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}
}  // namespace

const Product* Catalogue::FindProductByNameOrId(std::string_view text) const {
    if (const Product* exact = FindProduct(std::string(text))) return exact;
    std::string wanted = Squeezed(text);
    if (wanted.empty()) return nullptr;
    for (const Product& product : products) {
        if (Squeezed(product.id) == wanted) return &product;
    }
    for (const Product& product : products) {
        if (Squeezed(product.name) == wanted) return &product;
    }
    return nullptr;
}
const Country* Catalogue::FindCountry(const std::string& code) const {
    return FindBy(countries, code, &Country::code);
}
const ServiceLevelSpec* Catalogue::FindServiceLevel(const std::string& id) const {
    return FindBy(service_levels, id, &ServiceLevelSpec::id);
}
std::string Catalogue::Label(std::string_view kind, std::string_view id, bool french) const {
    if (kind == kProgramLabels) {
        const Program* program = FindProgram(std::string(id));
        if (!program) return std::string(id);
        return french && !program->name_fr.empty() ? program->name_fr : program->name;
    }
    if (kind == kCountryLabels) {
        const Country* country = FindCountry(std::string(id));
        if (!country) return std::string(id);
        return french && !country->name_fr.empty() ? country->name_fr : country->name;
    }
    auto terms = labels.find(kind);
    if (terms == labels.end()) return std::string(id);
    auto label = terms->second.find(std::string(id));
    if (label == terms->second.end()) return std::string(id);
    const std::string& text = french ? label->second.fr : label->second.en;
    return text.empty() ? std::string(id) : text;
}

const ServiceTarget* ServiceLevelSpec::FindTarget(const std::string& severity) const {
    return FindBy(targets, severity, &ServiceTarget::severity);
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
    if (rules.ticket_auto_close_days < 1) {
        problems.push_back({"rules.ticketAutoCloseDays", "must be >= 1"});
    }
    CheckServiceLevels(catalogue, problems);
    CheckLabels(catalogue, problems);
    return problems;
}

}  // namespace portal
